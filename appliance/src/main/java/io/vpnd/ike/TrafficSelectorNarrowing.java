package io.vpnd.ike;

import io.vpnd.net.TrafficSelector;

import java.util.ArrayList;
import java.util.List;

/**
 * Traffic selector narrowing (RFC 7296 §2.9): the responder answers with the intersection of
 * what the initiator proposed and what its own config allows; the initiator accepts an answer
 * only if every selector in it lies within what it proposed.
 */
public final class TrafficSelectorNarrowing {
    private TrafficSelectorNarrowing() {
    }

    /** The non-empty intersections of each proposed selector with each configured one. */
    public static List<TrafficSelector> narrow(List<TrafficSelector> proposed, List<TrafficSelector> configured) {
        List<TrafficSelector> out = new ArrayList<>();
        for (TrafficSelector p : proposed) {
            for (TrafficSelector c : configured) {
                TrafficSelector i = p.intersect(c);
                if (i != null && !out.contains(i)) out.add(i);
            }
        }
        return out;
    }

    /** True when every answered selector is covered by one of those proposed. */
    public static boolean within(List<TrafficSelector> answered, List<TrafficSelector> proposed) {
        if (answered.isEmpty()) return false;
        for (TrafficSelector a : answered) {
            if (proposed.stream().noneMatch(a::isSubsetOf)) return false;
        }
        return true;
    }
}

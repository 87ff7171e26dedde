package io.vpnd.dataplane;

import io.vpnd.net.DropReason;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Packets dropped, by reason: the data plane's answer to "why did my packet vanish". */
public final class DropCounters {
    private final LongAdder[] counters = new LongAdder[DropReason.values().length];

    public DropCounters() {
        for (int i = 0; i < counters.length; i++) counters[i] = new LongAdder();
    }

    public void increment(DropReason reason) {
        counters[reason.ordinal()].increment();
    }

    public long get(DropReason reason) {
        return counters[reason.ordinal()].sum();
    }

    public long total() {
        long sum = 0;
        for (LongAdder c : counters) sum += c.sum();
        return sum;
    }

    /** A snapshot of every reason, zeros included (metrics want every series from the start). */
    public Map<DropReason, Long> snapshot() {
        Map<DropReason, Long> m = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) m.put(r, get(r));
        return m;
    }
}

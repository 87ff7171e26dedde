package io.vpnd.ike;

import io.vpnd.crypto.Proposal;
import io.vpnd.ike.message.IkeConstants.ProtocolId;
import io.vpnd.ike.message.ProposalSubstructure;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Proposal negotiation (RFC 7296 §2.7, §3.3.6). The responder walks its own proposals in its
 * configured order and takes the first that one of the peer's proposals satisfies, with one
 * algorithm of each transform type (strongSwan's default, {@code prefer_configured_proposals});
 * the initiator checks that the single proposal chosen for it lies within what it offered.
 * Key-exchange groups are ignored for the first Child SA, which IKE_AUTH keys without a KE.
 */
public final class ProposalSelector {
    private ProposalSelector() {
    }

    /**
     * What the responder chose.
     *
     * @param number   the peer's Proposal Num, echoed in the answer
     * @param proposal one algorithm per transform type
     * @param peerSpi  the SPI in the peer's proposal
     */
    public record Selected(int number, Proposal proposal, byte[] peerSpi) {
    }

    /** Responder: our first proposal that one of {@code theirs} satisfies. */
    public static Optional<Selected> select(List<Proposal> ours, List<ProposalSubstructure> theirs, ProtocolId protocol,
                                            boolean ignoreGroups) {
        for (Proposal o : ours) {
            for (ProposalSubstructure t : theirs) {
                if (t.protocol() != protocol || t.hasUnusableTransformType()) continue;
                Proposal m = match(o, t.toProposal(), ignoreGroups);
                if (m != null) return Optional.of(new Selected(t.number(), m, t.spi()));
            }
        }
        return Optional.empty();
    }

    /**
     * Initiator: accepts the responder's answer if it is one proposal with one algorithm per type,
     * within one of those offered. Returns the accepted proposal.
     */
    public static Optional<Proposal> accept(List<Proposal> offered, ProposalSubstructure chosen, ProtocolId protocol,
                                            boolean ignoreGroups) {
        if (chosen.protocol() != protocol || chosen.hasUnusableTransformType()) return Optional.empty();
        Proposal c = chosen.toProposal();
        if (c.encryption().size() != 1 || c.integrity().size() > 1 || c.prf().size() > 1 || c.groups().size() > 1
                || c.esn().size() > 1) {
            return Optional.empty();
        }
        for (Proposal o : offered) {
            Proposal m = match(o, c, ignoreGroups);
            if (m != null) return Optional.of(m);
        }
        return Optional.empty();
    }

    /** Our first choice of each type that {@code theirs} also has, or null when a type has none in common. */
    public static Proposal match(Proposal ours, Proposal theirs, boolean ignoreGroups) {
        var enc = first(ours.encryption(), theirs.encryption());
        if (enc == null) return null;
        List<io.vpnd.crypto.IntegrityAlgorithm> integ;
        if (ours.integrity().isEmpty() && theirs.integrity().isEmpty()) {
            integ = List.of();
        } else {
            var i = first(ours.integrity(), theirs.integrity());
            if (i == null) return null;
            integ = List.of(i);
        }
        List<io.vpnd.crypto.PrfAlgorithm> prf;
        if (ours.prf().isEmpty() && theirs.prf().isEmpty()) {
            prf = List.of();
        } else {
            var f = first(ours.prf(), theirs.prf());
            if (f == null) return null;
            prf = List.of(f);
        }
        List<io.vpnd.crypto.KeyExchangeGroup> groups;
        if (ignoreGroups || (ours.groups().isEmpty() && theirs.groups().isEmpty())) {
            groups = List.of();
        } else {
            var g = first(ours.groups(), theirs.groups());
            if (g == null) return null;
            groups = List.of(g);
        }
        List<Boolean> esn;
        if (ours.esn().isEmpty() && theirs.esn().isEmpty()) {
            esn = List.of();
        } else {
            // an ESP proposal without an ESN transform means no ESN
            Boolean e = first(ours.esn().isEmpty() ? List.of(false) : ours.esn(),
                    theirs.esn().isEmpty() ? List.of(false) : theirs.esn());
            if (e == null) return null;
            esn = List.of(e);
        }
        return new Proposal(List.of(enc), integ, prf, groups, esn);
    }

    private static <T> T first(List<T> ours, List<T> theirs) {
        for (T o : ours) {
            for (T t : theirs) {
                if (Objects.equals(o, t)) return o;
            }
        }
        return null;
    }

    /** The proposals without key-exchange groups: what the first Child SA offers in IKE_AUTH. */
    public static List<Proposal> withoutGroups(List<Proposal> proposals) {
        return proposals.stream().map(p -> new Proposal(p.encryption(), p.integrity(), p.prf(), List.of(), p.esn()))
                .distinct().toList();
    }
}

package io.vpnd.ike;

import io.vpnd.crypto.Proposal;
import io.vpnd.crypto.ProposalParser;
import io.vpnd.net.TrafficSelector;

import java.time.Instant;
import java.util.List;

/**
 * A Child SA pair as IKE knows it: the SPIs each way, the negotiated ESP proposal and the
 * narrowed traffic selectors. The keys went to the data plane at install time and are not kept.
 */
public final class ChildSa {
    private static final System.Logger LOG = System.getLogger(ChildSa.class.getName());

    private final String tunnel;
    private final int spiIn;
    private final int spiOut;
    private final Proposal proposal;
    private final List<TrafficSelector> localSelectors;
    private final List<TrafficSelector> remoteSelectors;
    private final Instant installed;
    private ChildSaState state = ChildSaState.CREATED;
    /** The IKE SA this Child SA belongs to now (it moves when the IKE SA is rekeyed). */
    IkeSa owner;
    /** The outbound half, held back after a responder-side rekey until the old SA goes (see ChildSaInstaller). */
    io.vpnd.esp.ChildSaSpec pendingOutbound;
    IkeScheduler.Timer rekeyTimer;
    IkeScheduler.Timer expireTimer;
    IkeScheduler.Timer outboundTimer;
    /**
     * Set when the peer rekeyed this SA while we were rekeying it too (RFC 7296 §2.8.1): the Child
     * SA its exchange created and that exchange's nonces, for the lowest-nonce rule.
     */
    private ChildSa collidingReplacement;
    private byte[][] collidingNonces;

    public ChildSa(String tunnel, int spiIn, int spiOut, Proposal proposal, List<TrafficSelector> localSelectors,
                   List<TrafficSelector> remoteSelectors, Instant installed) {
        this.tunnel = tunnel;
        this.spiIn = spiIn;
        this.spiOut = spiOut;
        this.proposal = proposal;
        this.localSelectors = List.copyOf(localSelectors);
        this.remoteSelectors = List.copyOf(remoteSelectors);
        this.installed = installed;
    }

    public int spiIn() { return spiIn; }

    public int spiOut() { return spiOut; }

    public Proposal proposal() { return proposal; }

    public List<TrafficSelector> localSelectors() { return localSelectors; }

    public List<TrafficSelector> remoteSelectors() { return remoteSelectors; }

    public Instant installed() { return installed; }

    public ChildSaState state() { return state; }

    /** The IKE SA that owns this Child SA now. */
    public IkeSa owner() { return owner; }

    /** Records the replacement a colliding peer rekey created, with that exchange's nonces. */
    public void recordCollision(ChildSa replacement, byte[] ni, byte[] nr) {
        this.collidingReplacement = replacement;
        this.collidingNonces = new byte[][]{ni, nr};
    }

    /** The replacement a colliding peer rekey created, or null when there was no collision. */
    public ChildSa collidingReplacement() { return collidingReplacement; }

    /** Nonces (Ni, Nr) of the colliding peer rekey. */
    public byte[][] collidingNonces() { return collidingNonces; }

    /** Whether the outbound half is still held back. */
    public boolean outboundPending() { return pendingOutbound != null; }

    void cancelTimers() {
        for (IkeScheduler.Timer t : new IkeScheduler.Timer[]{rekeyTimer, expireTimer, outboundTimer}) {
            if (t != null) t.cancel();
        }
        rekeyTimer = expireTimer = outboundTimer = null;
    }

    /** Moves to {@code next}; an illegal move is logged and refused. */
    public boolean moveTo(ChildSaState next) {
        if (!state.canMoveTo(next)) {
            LOG.log(System.Logger.Level.WARNING, "tunnel " + tunnel + ": Child SA " + this + " cannot move " + state + " -> " + next);
            return false;
        }
        state = next;
        return true;
    }

    @Override
    public String toString() {
        return String.format("%08x_i %08x_o %s %s === %s", spiIn, spiOut, ProposalParser.toStrongSwanString(proposal),
                localSelectors, remoteSelectors);
    }
}

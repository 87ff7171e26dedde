package io.vpnd.ike;

import io.vpnd.config.TunnelConfig;
import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.crypto.Proposal;
import io.vpnd.esp.ChildSaSpec;
import io.vpnd.esp.SaDirection;
import io.vpnd.esp.SaInstaller;
import io.vpnd.esp.SaLifetime;
import io.vpnd.ike.crypto.ChildKeyMaterial;
import io.vpnd.ike.crypto.IkeRole;
import io.vpnd.net.TrafficSelector;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Puts a negotiated Child SA pair into the data plane (inbound first, so the peer's first packet
 * on the new SA finds it) and takes it out again.
 */
public final class ChildSaInstaller {
    private static final System.Logger LOG = System.getLogger(ChildSaInstaller.class.getName());

    private ChildSaInstaller() {
    }

    /** How long a responder holds a rekeyed SA's new outbound half back at most. */
    static final java.time.Duration OUTBOUND_HOLD = java.time.Duration.ofSeconds(2);

    /** Installs both halves at once. */
    public static ChildSa install(IkeSa sa, int spiIn, int spiOut, Proposal p, ChildKeyMaterial keys, IkeRole self,
                                  List<TrafficSelector> localTs, List<TrafficSelector> remoteTs) {
        return install(sa, spiIn, spiOut, p, keys, self, localTs, remoteTs, false);
    }

    /**
     * @param self          our role in the exchange that created the Child SA (which decides the key order)
     * @param holdOutbound  install only the inbound half now: a rekey responder must not send on the
     *                      new SA before the initiator has its inbound half, which it gets from our
     *                      response. The outbound half follows when the old SA is deleted, or after
     *                      {@link #OUTBOUND_HOLD} at the latest.
     */
    public static ChildSa install(IkeSa sa, int spiIn, int spiOut, Proposal p, ChildKeyMaterial keys, IkeRole self,
                                  List<TrafficSelector> localTs, List<TrafficSelector> remoteTs, boolean holdOutbound) {
        TunnelConfig c = sa.config();
        InetSocketAddress local = new InetSocketAddress(sa.local().getAddress(), sa.context().natPort());
        InetSocketAddress remote = sa.remote();
        var enc = p.encryption().get(0);
        IntegrityAlgorithm integ = p.integrity().isEmpty() ? null : p.integrity().get(0);
        boolean esn = !p.esn().isEmpty() && p.esn().get(0);
        // the soft limit (90 %) starts a rekey early enough for the hard one never to be reached
        SaLifetime lifetime = new SaLifetime(c.esp().lifeBytes() * 9 / 10, c.esp().lifeBytes(),
                c.esp().lifePackets() * 9 / 10, c.esp().lifePackets());
        ChildSaSpec in = new ChildSaSpec(c.name(), SaDirection.INBOUND, spiIn, enc.algorithm(), enc.keyBits(),
                keys.encryptionKey(self, SaDirection.INBOUND), integ,
                integ == null ? null : keys.integrityKey(self, SaDirection.INBOUND), esn, c.esp().replayWindow(),
                local, remote, localTs, remoteTs, lifetime);
        ChildSaSpec out = new ChildSaSpec(c.name(), SaDirection.OUTBOUND, spiOut, enc.algorithm(), enc.keyBits(),
                keys.encryptionKey(self, SaDirection.OUTBOUND), integ,
                integ == null ? null : keys.integrityKey(self, SaDirection.OUTBOUND), esn, c.esp().replayWindow(),
                local, remote, localTs, remoteTs, lifetime);
        keys.destroy();
        SaInstaller installer = sa.context().installer();
        installer.install(in);
        if (!holdOutbound) {
            try {
                installer.install(out);
            } catch (RuntimeException e) {
                installer.remove(c.name(), spiIn, SaDirection.INBOUND);
                throw e;
            }
        }
        ChildSa child = new ChildSa(c.name(), spiIn, spiOut, p, localTs, remoteTs, sa.context().scheduler().now());
        child.moveTo(ChildSaState.INSTALLED);
        child.owner = sa;
        sa.children().add(child);
        if (holdOutbound) {
            child.pendingOutbound = out;
            child.outboundTimer = sa.context().scheduler().schedule(OUTBOUND_HOLD, () -> activateOutbound(sa, child));
        }
        sa.context().childInstalled(sa, child);
        LOG.log(System.Logger.Level.INFO, "tunnel " + c.name() + ": CHILD_SA installed " + child + " with " + remote);
        sa.context().events().childSaEstablished(c.name());
        return child;
    }

    /** Installs a held-back outbound half (idempotent). */
    public static void activateOutbound(IkeSa sa, ChildSa child) {
        io.vpnd.esp.ChildSaSpec out = child.pendingOutbound;
        if (out == null || child.state() == ChildSaState.DESTROYED) return;
        child.pendingOutbound = null;
        if (child.outboundTimer != null) child.outboundTimer.cancel();
        child.outboundTimer = null;
        try {
            sa.context().installer().install(out);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "tunnel " + sa.config().name() + ": cannot install outbound SA "
                    + String.format("%08x", child.spiOut()) + ": " + e.getMessage());
        }
    }

    /** Removes both directions of {@code child} from the data plane and frees its inbound SPI. */
    public static void uninstall(IkeSa sa, ChildSa child) {
        if (child.state() == ChildSaState.DESTROYED) return;
        String tunnel = sa.config().name();
        SaInstaller installer = sa.context().installer();
        child.cancelTimers();
        if (child.pendingOutbound == null) installer.remove(tunnel, child.spiOut(), SaDirection.OUTBOUND);
        child.pendingOutbound = null;
        installer.remove(tunnel, child.spiIn(), SaDirection.INBOUND);
        sa.context().releaseChildSpi(child.spiIn());
        child.moveTo(ChildSaState.DESTROYED);
        sa.children().remove(child);
        LOG.log(System.Logger.Level.INFO, "tunnel " + tunnel + ": CHILD_SA removed " + String.format("%08x_i %08x_o",
                child.spiIn(), child.spiOut()));
    }
}

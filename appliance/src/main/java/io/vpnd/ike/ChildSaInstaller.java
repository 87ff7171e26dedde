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

    /**
     * @param self our role in the exchange that created the Child SA (which decides the key order)
     */
    public static ChildSa install(IkeSa sa, int spiIn, int spiOut, Proposal p, ChildKeyMaterial keys, IkeRole self,
                                  List<TrafficSelector> localTs, List<TrafficSelector> remoteTs) {
        TunnelConfig c = sa.config();
        InetSocketAddress local = new InetSocketAddress(sa.local().getAddress(), sa.context().natPort());
        InetSocketAddress remote = sa.remote();
        var enc = p.encryption().get(0);
        IntegrityAlgorithm integ = p.integrity().isEmpty() ? null : p.integrity().get(0);
        boolean esn = !p.esn().isEmpty() && p.esn().get(0);
        SaLifetime lifetime = new SaLifetime(0, c.esp().lifeBytes(), 0, c.esp().lifePackets());
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
        try {
            installer.install(out);
        } catch (RuntimeException e) {
            installer.remove(c.name(), spiIn, SaDirection.INBOUND);
            throw e;
        }
        ChildSa child = new ChildSa(c.name(), spiIn, spiOut, p, localTs, remoteTs, sa.context().scheduler().now());
        child.moveTo(ChildSaState.INSTALLED);
        sa.children().add(child);
        LOG.log(System.Logger.Level.INFO, "tunnel " + c.name() + ": CHILD_SA installed " + child + " with " + remote);
        sa.context().events().childSaEstablished(c.name());
        return child;
    }

    /** Removes both directions of {@code child} from the data plane and frees its inbound SPI. */
    public static void uninstall(IkeSa sa, ChildSa child) {
        if (child.state() == ChildSaState.DESTROYED) return;
        String tunnel = sa.config().name();
        SaInstaller installer = sa.context().installer();
        installer.remove(tunnel, child.spiOut(), SaDirection.OUTBOUND);
        installer.remove(tunnel, child.spiIn(), SaDirection.INBOUND);
        sa.context().releaseChildSpi(child.spiIn());
        child.moveTo(ChildSaState.DESTROYED);
        sa.children().remove(child);
        LOG.log(System.Logger.Level.INFO, "tunnel " + tunnel + ": CHILD_SA removed " + String.format("%08x_i %08x_o",
                child.spiIn(), child.spiOut()));
    }
}

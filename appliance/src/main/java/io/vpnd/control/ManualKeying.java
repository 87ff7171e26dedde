package io.vpnd.control;

import io.vpnd.api.SaView;
import io.vpnd.config.Cidr;
import io.vpnd.config.ManualSaConfig;
import io.vpnd.config.TunnelConfig;
import io.vpnd.crypto.Proposal;
import io.vpnd.crypto.ProposalParser;
import io.vpnd.esp.ChildSaSpec;
import io.vpnd.esp.SaDirection;
import io.vpnd.esp.SaInstaller;
import io.vpnd.esp.SaLifetime;
import io.vpnd.esp.SaStats;
import io.vpnd.net.TrafficSelector;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;

/**
 * Static keys from the config's {@code manual} block, as {@code ip xfrm state} would take them:
 * one SA pair, installed at start, never rekeyed. The tunnel is UP as soon as the pair is in.
 */
public final class ManualKeying implements Keying {
    private final Tunnel tunnel;
    private final SaInstaller installer;
    private final int localNatPort;
    private volatile boolean installed;
    private volatile Instant established;

    public ManualKeying(Tunnel tunnel, SaInstaller installer, int localNatPort) {
        this.tunnel = tunnel;
        this.installer = installer;
        this.localNatPort = localNatPort;
    }

    /** Both directions of the manually keyed SA of {@code config}. */
    static List<ChildSaSpec> specs(TunnelConfig config, int localNatPort) {
        ManualSaConfig m = config.manual().orElseThrow();
        InetSocketAddress local = new InetSocketAddress(config.local().address(), localNatPort);
        InetSocketAddress remote = new InetSocketAddress(config.remote().address().orElseThrow(
                () -> new IllegalStateException("a manually keyed tunnel needs remote.address")), config.remote().natPort());
        List<TrafficSelector> localTs = config.selectors().local().stream().map(Cidr::toTrafficSelector).toList();
        List<TrafficSelector> remoteTs = config.selectors().remote().stream().map(Cidr::toTrafficSelector).toList();
        int window = config.esp().replayWindow();
        var enc = m.encryption();
        var integ = m.integrity().orElse(null);
        ChildSaSpec in = new ChildSaSpec(config.name(), SaDirection.INBOUND, m.spiIn(), enc.algorithm(), enc.keyBits(),
                m.keyIn(), integ, integ == null ? null : m.authKeyIn(), m.esn(), window, local, remote, localTs, remoteTs,
                SaLifetime.UNLIMITED);
        ChildSaSpec out = new ChildSaSpec(config.name(), SaDirection.OUTBOUND, m.spiOut(), enc.algorithm(), enc.keyBits(),
                m.keyOut(), integ, integ == null ? null : m.authKeyOut(), m.esn(), window, local, remote, localTs, remoteTs,
                SaLifetime.UNLIMITED);
        return List.of(in, out);
    }

    @Override
    public synchronized void start() {
        if (installed) return;
        List<ChildSaSpec> specs = specs(tunnel.config(), localNatPort);
        installer.install(specs.get(0));
        try {
            installer.install(specs.get(1));
        } catch (RuntimeException e) {
            installer.remove(tunnel.name(), specs.get(0).spi(), SaDirection.INBOUND);
            throw e;
        }
        installed = true;
        established = Instant.now();
        tunnel.transition(TunnelState.UP, "MANUAL_KEYS");
    }

    @Override
    public synchronized void stop(String reason) {
        if (!installed) return;
        ManualSaConfig m = tunnel.config().manual().orElseThrow();
        installer.remove(tunnel.name(), m.spiOut(), SaDirection.OUTBOUND);
        installer.remove(tunnel.name(), m.spiIn(), SaDirection.INBOUND);
        installed = false;
        tunnel.transition(TunnelState.DOWN, reason);
    }

    @Override
    public List<SaView> sas() {
        if (!installed) return List.of();
        TunnelConfig c = tunnel.config();
        ManualSaConfig m = c.manual().orElseThrow();
        SaStats in = installer.stats(c.name(), m.spiIn(), SaDirection.INBOUND).orElse(new SaStats(0, 0, 0));
        SaStats out = installer.stats(c.name(), m.spiOut(), SaDirection.OUTBOUND).orElse(new SaStats(0, 0, 0));
        String algorithms = ProposalParser.toStrongSwanString(new Proposal(List.of(m.encryption()),
                m.integrity().map(List::of).orElse(List.of()), List.of(), List.of(), List.of(m.esn())));
        return List.of(new SaView(c.name(), "CHILD", "INSTALLED", String.format("%08x", m.spiIn()),
                String.format("%08x", m.spiOut()), algorithms, established.toString(), -1,
                in.bytes(), out.bytes(), in.packets(), out.packets(),
                c.selectors().local().stream().map(Cidr::toString).toList(),
                c.selectors().remote().stream().map(Cidr::toString).toList()));
    }

    @Override
    public int childSaCount() {
        return installed ? 1 : 0;
    }

    @Override
    public String kind() {
        return "manual";
    }
}

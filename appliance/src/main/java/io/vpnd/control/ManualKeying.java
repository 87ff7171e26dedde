package io.vpnd.control;

import io.vpnd.api.SaView;
import io.vpnd.config.ManualSaConfig;
import io.vpnd.config.TunnelConfig;
import io.vpnd.crypto.Proposal;
import io.vpnd.crypto.ProposalParser;
import io.vpnd.esp.ChildSaSpec;
import io.vpnd.esp.SaDirection;
import io.vpnd.esp.SaInstaller;
import io.vpnd.esp.SaStats;
import io.vpnd.net.Cidr;

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

    @Override
    public synchronized void start() {
        if (installed) return;
        TunnelConfig c = tunnel.config();
        ManualSaConfig m = c.manual().orElseThrow();
        ChildSaSpec in = m.childSaSpec(c, SaDirection.INBOUND, localNatPort);
        installer.install(in);
        try {
            installer.install(m.childSaSpec(c, SaDirection.OUTBOUND, localNatPort));
        } catch (RuntimeException e) {
            installer.remove(tunnel.name(), in.spi(), SaDirection.INBOUND);
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

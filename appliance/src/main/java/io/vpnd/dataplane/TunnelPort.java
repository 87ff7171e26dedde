package io.vpnd.dataplane;

import io.netty.channel.Channel;
import io.vpnd.net.SelectorMatch;
import io.vpnd.tun.TunDevice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One tunnel's attachment to the data plane: its TUN device, the UDP socket it sends on (the one
 * on the TUN's own event loop, so sending never crosses threads), its outbound SAs and counters.
 * Packets read from the TUN belong to this tunnel, whatever their addresses: that is what keeps
 * two tunnels with the same 0.0.0.0/0 selectors apart.
 */
final class TunnelPort {
    private static final InstalledSa[] NONE = new InstalledSa[0];

    final String name;
    final TunDevice tun;
    final Channel udp;
    final TunnelCounters counters = new TunnelCounters();
    /** TCP MSS ceilings for SYNs crossing this tunnel, 0 for none. */
    final int mssIpv4;
    final int mssIpv6;
    /** Outbound SAs, newest first: after a rekey the new SA wins while the old one drains. */
    private volatile InstalledSa[] outbound = NONE;

    TunnelPort(String name, TunDevice tun, Channel udp, int mssIpv4, int mssIpv6) {
        this.name = name;
        this.tun = tun;
        this.udp = udp;
        this.mssIpv4 = mssIpv4;
        this.mssIpv6 = mssIpv6;
    }

    InstalledSa[] outbound() {
        return outbound;
    }

    /** The newest outbound SA whose selectors cover the packet's source and destination, or null. */
    InstalledSa select(byte[] p, int off, int len, int version) {
        for (InstalledSa sa : outbound) {
            if (SelectorMatch.matches(sa.spec.localSelectors(), p, off, len, version, true)
                    && SelectorMatch.matches(sa.spec.remoteSelectors(), p, off, len, version, false)) {
                return sa;
            }
        }
        return null;
    }

    synchronized void addOutbound(InstalledSa sa) {
        InstalledSa[] cur = outbound;
        InstalledSa[] next = new InstalledSa[cur.length + 1];
        next[0] = sa;
        System.arraycopy(cur, 0, next, 1, cur.length);
        outbound = next;
    }

    synchronized boolean removeOutbound(int spi) {
        List<InstalledSa> keep = new ArrayList<>(Arrays.asList(outbound));
        boolean removed = keep.removeIf(s -> s.esp.spi() == spi);
        outbound = keep.isEmpty() ? NONE : keep.toArray(NONE);
        return removed;
    }
}

package io.vpnd.net;

import java.util.List;

/** Matches a packet's source or destination against a list of traffic selectors, without allocating. */
public final class SelectorMatch {
    private SelectorMatch() {
    }

    /**
     * True when the packet's source ({@code source=true}) or destination address, protocol and
     * port fall inside one of {@code selectors}. An empty list matches everything.
     *
     * @param p       the array holding the packet
     * @param off     offset of the IP header
     * @param len     octets of packet available
     * @param version 4 or 6, already validated
     */
    public static boolean matches(List<TrafficSelector> selectors, byte[] p, int off, int len, int version,
                                  boolean source) {
        int n = selectors.size();
        if (n == 0) return true;
        int addrOff = off + (source ? IpPacket.sourceOffset(version) : IpPacket.destinationOffset(version));
        int addrLen = IpPacket.addressLength(version);
        int proto = -2;
        int port = -2;
        for (int i = 0; i < n; i++) {
            TrafficSelector ts = selectors.get(i);
            if (!ts.containsAddress(p, addrOff, addrLen)) continue;
            if (ts.protocol() == TrafficSelector.ANY_PROTOCOL && ts.startPort() == 0 && ts.endPort() == 65535) {
                return true;
            }
            if (proto == -2) {
                proto = IpPacket.protocol(p, off, version);
                port = IpPacket.port(p, off, len, version, source);
            }
            if (ts.matches(p, addrOff, addrLen, proto, port)) return true;
        }
        return false;
    }
}

package io.vpnd.net;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class TrafficSelectorTest {

    private static byte[] v4(int a, int b, int c, int d) {
        return new byte[]{(byte) a, (byte) b, (byte) c, (byte) d};
    }

    @Test
    void cidrCoversExactlyItsPrefix() {
        TrafficSelector ts = TrafficSelector.ofCidr("198.51.100.0/24");
        assertEquals("198.51.100.0", ts.startAddress().getHostAddress());
        assertEquals("198.51.100.255", ts.endAddress().getHostAddress());
        assertTrue(ts.containsAddress(v4(198, 51, 100, 7), 0, 4));
        assertFalse(ts.containsAddress(v4(198, 51, 101, 0), 0, 4));
        assertFalse(ts.containsAddress(new byte[16], 0, 16), "an IPv6 address never matches an IPv4 selector");
        assertEquals("198.51.100.0/24", ts.toString());
    }

    @Test
    void hostBitsOfCidrAreMasked() {
        assertEquals(TrafficSelector.ofCidr("203.0.113.0/25"), TrafficSelector.ofCidr("203.0.113.77/25"));
        assertEquals("2001:db8::/32", TrafficSelector.ofCidr("2001:db8::/32").toString());
    }

    @Test
    void badCidrsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> TrafficSelector.ofCidr("198.51.100.0/33"));
        assertThrows(IllegalArgumentException.class, () -> TrafficSelector.ofCidr("198.51.100.300/24"));
        assertThrows(IllegalArgumentException.class, () -> TrafficSelector.ofCidr("example.com/24"));
        assertThrows(IllegalArgumentException.class, () -> TrafficSelector.ofCidr("198.51.100.0/x"));
    }

    @Test
    void narrowingIntersects() {
        TrafficSelector wide = TrafficSelector.ofCidr("0.0.0.0/0");
        TrafficSelector net = TrafficSelector.ofCidr("203.0.113.0/24");
        assertEquals(net, wide.intersect(net));
        assertTrue(net.isSubsetOf(wide));
        assertFalse(wide.isSubsetOf(net));
        assertNull(net.intersect(TrafficSelector.ofCidr("198.51.100.0/24")));
        assertNull(net.intersect(TrafficSelector.ofCidr("::/0")));
    }

    @Test
    void protocolAndPortsRestrictMatches() throws Exception {
        TrafficSelector tcp443 = new TrafficSelector(java.net.InetAddress.getByName("203.0.113.0"),
                java.net.InetAddress.getByName("203.0.113.255"), IpPacket.PROTO_TCP, 443, 443);
        byte[] a = v4(203, 0, 113, 9);
        assertTrue(tcp443.matches(a, 0, 4, IpPacket.PROTO_TCP, 443));
        assertFalse(tcp443.matches(a, 0, 4, IpPacket.PROTO_TCP, 80));
        assertFalse(tcp443.matches(a, 0, 4, IpPacket.PROTO_UDP, 443));
        assertEquals("203.0.113.0/24[6/443]", tcp443.toString());
    }
}

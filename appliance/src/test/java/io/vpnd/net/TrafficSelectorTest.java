package io.vpnd.net;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Random;

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

    /**
     * The per-packet range check works on 64-bit halves; it must agree with plain unsigned
     * big-number comparison for ranges and addresses that straddle every octet, the high/low
     * boundary of IPv6, and the sign bit (addresses from 128.0.0.0 and 8000::).
     */
    @Test
    void rangeCheckAgreesWithBigNumberComparison() throws Exception {
        Random rnd = new Random(7);
        for (int len : new int[]{4, 16}) {
            for (int n = 0; n < 2000; n++) {
                byte[] a = near(rnd, len, null);
                byte[] b = near(rnd, len, a);
                boolean ordered = new BigInteger(1, a).compareTo(new BigInteger(1, b)) <= 0;
                byte[] lo = ordered ? a : b;
                byte[] hi = ordered ? b : a;
                TrafficSelector ts = new TrafficSelector(InetAddress.getByAddress(lo),
                        InetAddress.getByAddress(hi), 0, 0, 65535);
                for (byte[] x : new byte[][]{lo, hi, plus(lo, -1), plus(hi, 1), near(rnd, len, lo), near(rnd, len, hi)}) {
                    BigInteger v = new BigInteger(1, x);
                    boolean expected = v.compareTo(new BigInteger(1, lo)) >= 0
                            && v.compareTo(new BigInteger(1, hi)) <= 0;
                    byte[] packet = new byte[len + 3];
                    System.arraycopy(x, 0, packet, 3, len);
                    assertEquals(expected, ts.containsAddress(packet, 3, len), ts + " contains "
                            + InetAddress.getByAddress(x).getHostAddress());
                }
            }
        }
    }

    /** Random octets, or ones sharing a random-length prefix with {@code like}, often with the top bit set. */
    private static byte[] near(Random rnd, int len, byte[] like) {
        byte[] x = new byte[len];
        rnd.nextBytes(x);
        if (like != null) System.arraycopy(like, 0, x, 0, rnd.nextInt(len + 1));
        return x;
    }

    /** {@code x + d} as an unsigned number, wrapping at the ends of the address space. */
    private static byte[] plus(byte[] x, int d) {
        BigInteger mod = BigInteger.ONE.shiftLeft(x.length * 8);
        byte[] raw = new BigInteger(1, x).add(BigInteger.valueOf(d)).mod(mod).toByteArray();
        byte[] out = new byte[x.length];
        int copy = Math.min(raw.length, x.length);
        System.arraycopy(raw, raw.length - copy, out, x.length - copy, copy);
        return out;
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
        TrafficSelector tcp443 = new TrafficSelector(InetAddress.getByName("203.0.113.0"),
                InetAddress.getByName("203.0.113.255"), IpPacket.PROTO_TCP, 443, 443);
        byte[] a = v4(203, 0, 113, 9);
        assertTrue(tcp443.matches(a, 0, 4, IpPacket.PROTO_TCP, 443));
        assertFalse(tcp443.matches(a, 0, 4, IpPacket.PROTO_TCP, 80));
        assertFalse(tcp443.matches(a, 0, 4, IpPacket.PROTO_UDP, 443));
        assertEquals("203.0.113.0/24[6/443]", tcp443.toString());
    }
}

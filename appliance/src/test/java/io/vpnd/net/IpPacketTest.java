package io.vpnd.net;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class IpPacketTest {

    /** An IPv4/UDP packet 198.51.100.1:5000 -> 203.0.113.1:53 with 4 octets of payload. */
    private static byte[] udp4() {
        byte[] p = new byte[32];
        p[0] = 0x45;
        p[3] = 32;
        p[8] = 64;
        p[9] = IpPacket.PROTO_UDP;
        System.arraycopy(new byte[]{(byte) 198, 51, 100, 1}, 0, p, 12, 4);
        System.arraycopy(new byte[]{(byte) 203, 0, 113, 1}, 0, p, 16, 4);
        p[20] = (byte) (5000 >> 8);
        p[21] = (byte) 5000;
        p[23] = 53;
        p[25] = 12;
        return p;
    }

    @Test
    void readsIpv4Fields() {
        byte[] p = udp4();
        assertEquals(4, IpPacket.version(p, 0, p.length));
        assertEquals(32, IpPacket.validatedLength(p, 0, p.length));
        assertEquals(IpPacket.PROTO_UDP, IpPacket.protocol(p, 0, 4));
        assertEquals(5000, IpPacket.port(p, 0, p.length, 4, true));
        assertEquals(53, IpPacket.port(p, 0, p.length, 4, false));
    }

    @Test
    void rejectsTruncatedAndLyingHeaders() {
        byte[] p = udp4();
        assertEquals(-1, IpPacket.validatedLength(p, 0, 19), "shorter than a header");
        p[3] = 40;
        assertEquals(-1, IpPacket.validatedLength(p, 0, 32), "total length beyond the buffer");
        p[3] = 32;
        p[0] = 0x44;
        assertEquals(-1, IpPacket.validatedLength(p, 0, 32), "IHL below 5");
        p[0] = 0x25;
        assertEquals(-1, IpPacket.version(p, 0, 32));
        assertEquals(-1, IpPacket.validatedLength(new byte[0], 0, 0));
    }

    @Test
    void laterFragmentsHaveNoPorts() {
        byte[] p = udp4();
        p[7] = 1;
        assertEquals(-1, IpPacket.port(p, 0, p.length, 4, true));
    }

    @Test
    void readsIpv6Fields() {
        byte[] p = new byte[48];
        p[0] = 0x60;
        p[5] = 8;
        p[6] = (byte) IpPacket.PROTO_ICMPV6;
        p[40] = (byte) 128;
        assertEquals(6, IpPacket.version(p, 0, p.length));
        assertEquals(48, IpPacket.validatedLength(p, 0, p.length));
        assertEquals(128 << 8, IpPacket.port(p, 0, p.length, 6, true), "ICMP type in the high octet");
        assertEquals(-1, IpPacket.validatedLength(p, 0, 47));
    }
}

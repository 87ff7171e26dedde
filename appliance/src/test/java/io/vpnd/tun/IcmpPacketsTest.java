package io.vpnd.tun;

import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test packet builder's checksums, against known answers, before the kernel judges them. */
class IcmpPacketsTest {

    @Test
    void ipv4HeaderChecksumKnownAnswer() {
        // the classic example header 192.168.0.1 -> 192.168.0.199, UDP, checksum 0xb861
        byte[] h = HexFormat.of().parseHex("450000730000400040110000c0a80001c0a800c7");
        assertEquals(0xb861, IcmpPackets.checksum(h, 0, h.length, 0));
    }

    @Test
    void rfc1071OddLengthPadsWithZero() {
        byte[] b = {0x01, 0x02, 0x03};
        // 0x0102 + 0x0300 = 0x0402 -> complement 0xfbfd
        assertEquals(0xfbfd, IcmpPackets.checksum(b, 0, 3, 0));
    }

    @Test
    void builtRequestsVerify() throws Exception {
        Inet4Address a = (Inet4Address) InetAddress.getByName("169.254.77.2");
        Inet4Address b = (Inet4Address) InetAddress.getByName("169.254.77.1");
        byte[] p4 = IcmpPackets.echoRequest4(a, b, 7, 9, IcmpPackets.payload(9, 33));
        assertEquals(0, IcmpPackets.checksum(p4, 0, 20, 0), "IPv4 header sums to zero");
        assertEquals(0, IcmpPackets.checksum(p4, 20, p4.length - 20, 0), "ICMP sums to zero");

        Inet6Address c = (Inet6Address) InetAddress.getByName("2001:db8::2");
        Inet6Address d = (Inet6Address) InetAddress.getByName("2001:db8::1");
        byte[] p6 = IcmpPackets.echoRequest6(c, d, 7, 9, IcmpPackets.payload(9, 33));
        long pseudo = IcmpPackets.pseudoHeaderSum6(c.getAddress(), d.getAddress(), p6.length - 40, 58);
        assertEquals(0, IcmpPackets.checksum(p6, 40, p6.length - 40, pseudo), "ICMPv6 with pseudo-header sums to zero");
        // the pseudo-header matters: without it the same octets do not verify
        assertTrue(IcmpPackets.checksum(p6, 40, p6.length - 40, 0) != 0);
    }

    @Test
    void replyCheckRejectsACorruptedReply() throws Exception {
        Inet4Address a = (Inet4Address) InetAddress.getByName("169.254.77.1");
        Inet4Address b = (Inet4Address) InetAddress.getByName("169.254.77.2");
        byte[] data = IcmpPackets.payload(1, 8);
        byte[] reply = IcmpPackets.echoRequest4(a, b, 5, 1, data);
        // turn the request into the reply the kernel would send: type 0, checksum + 0x0800
        reply[20] = 0;
        int sum = ((reply[22] & 0xff) << 8 | (reply[23] & 0xff)) + 0x0800;
        sum = (sum & 0xffff) + (sum >>> 16);
        reply[22] = (byte) (sum >> 8);
        reply[23] = (byte) sum;
        assertTrue(IcmpPackets.isEchoReply4(reply, a, b, 5, 1, data));
        reply[30] ^= 1;
        assertFalse(IcmpPackets.isEchoReply4(reply, a, b, 5, 1, data));
    }
}

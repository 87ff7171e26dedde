package io.vpnd.netlink;

import io.vpnd.net.Cidr;
import io.vpnd.net.TrafficSelector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Encodings checked octet by octet against the UAPI struct layouts (little-endian host). */
class NetlinkMessageBuilderTest {
    private static final HexFormat HEX = HexFormat.of();

    @BeforeAll
    static void littleEndianHost() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "vectors are written for a little-endian host");
    }

    private static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    private static String strip(String s) {
        return s.replaceAll("[\\s|]", "");
    }

    @Test
    void routeAddMessage() throws Exception {
        KernelRoute r = KernelRoute.onLink(Cidr.parseNetwork("198.51.100.0/24"), 7).withMetric(100);
        byte[] msg = RtNetlink.routeMessage(NetlinkConstants.RTM_NEWROUTE,
                NetlinkConstants.NLM_F_REQUEST | NetlinkConstants.NLM_F_ACK
                        | NetlinkConstants.NLM_F_CREATE | NetlinkConstants.NLM_F_EXCL, r).build(1);
        String expected = strip(
                "3c000000 1800 0506 01000000 00000000"   // nlmsghdr: len 60, RTM_NEWROUTE, REQUEST|ACK|EXCL|CREATE, seq 1
                + "02 18 00 00 fe 76 fd 01 00000000"     // rtmsg: AF_INET /24, table main, proto 118, scope link, unicast
                + "0800 0f00 fe000000"                   // RTA_TABLE 254
                + "0800 0100 c6336400"                   // RTA_DST 198.51.100.0 (network order)
                + "0800 0400 07000000"                   // RTA_OIF 7
                + "0800 0600 64000000");                 // RTA_PRIORITY 100
        assertEquals(expected, hex(msg));
    }

    @Test
    void routeDeleteMatchesAnyScopeButOnlyItsProtocol() {
        KernelRoute r = new KernelRoute(Cidr.parseNetwork("2001:db8:1::/48"), 3,
                TrafficSelector.parseLiteral("2001:db8::2"), 0, 1000, 200);
        byte[] msg = RtNetlink.routeMessage(NetlinkConstants.RTM_DELROUTE,
                NetlinkConstants.NLM_F_REQUEST | NetlinkConstants.NLM_F_ACK, r).build(7);
        String expected = strip(
                "5c000000 1900 0500 07000000 00000000"   // len 92, RTM_DELROUTE, REQUEST|ACK, seq 7
                + "0a 30 00 00 00 c8 ff 01 00000000"     // AF_INET6 /48, table byte UNSPEC (1000 > 255), proto 200, scope NOWHERE
                + "0800 0f00 e8030000"                   // RTA_TABLE 1000
                + "1400 0100 20010db8000100000000000000000000" // RTA_DST
                + "0800 0400 03000000"                   // RTA_OIF 3
                + "1400 0500 20010db8000000000000000000000002" // RTA_GATEWAY
                + "0800 0600 00000000");                 // RTA_PRIORITY 0
        assertEquals(expected, hex(msg));
    }

    @Test
    void defaultRouteHasNoDestinationAttribute() {
        KernelRoute r = KernelRoute.onLink(Cidr.parseNetwork("0.0.0.0/0"), 2);
        byte[] msg = RtNetlink.routeMessage(NetlinkConstants.RTM_NEWROUTE, NetlinkConstants.NLM_F_REQUEST, r).build(1);
        assertEquals(16 + 12 + 8 + 8 + 8, msg.length, "table, oif and priority only");
        assertEquals("0800 0f00".replace(" ", ""), hex(msg).substring(56, 64));
    }

    @Test
    void ipv6AddressSkipsDad() throws Exception {
        byte[] msg = RtNetlink.addressMessage(NetlinkConstants.RTM_NEWADDR, NetlinkConstants.NLM_F_REQUEST, 3,
                InetAddress.getByName("2001:db8::1"), 64).build(2);
        String expected = strip(
                "48000000 1400 0100 02000000 00000000"   // len 72, RTM_NEWADDR, REQUEST, seq 2
                + "0a 40 02 00 03000000"                 // ifaddrmsg: AF_INET6 /64, IFA_F_NODAD, scope universe, index 3
                + "1400 0200 20010db8000000000000000000000001" // IFA_LOCAL
                + "1400 0100 20010db8000000000000000000000001" // IFA_ADDRESS
                + "0800 0800 02000000");                 // IFA_FLAGS NODAD
        assertEquals(expected, hex(msg));
    }

    @Test
    void ipv4AddressHasNoFlags() throws Exception {
        byte[] msg = RtNetlink.addressMessage(NetlinkConstants.RTM_DELADDR, NetlinkConstants.NLM_F_REQUEST, 9,
                InetAddress.getByName("169.254.77.1"), 30).build(3);
        String expected = strip(
                "28000000 1500 0100 03000000 00000000"
                + "02 1e 00 00 09000000"
                + "0800 0200 a9fe4d01"
                + "0800 0100 a9fe4d01");
        assertEquals(expected, hex(msg));
    }

    @Test
    void stringAttributesAreNulTerminatedAndPaddedToFour() {
        byte[] msg = new NetlinkMessageBuilder(NetlinkConstants.RTM_GETLINK, NetlinkConstants.NLM_F_REQUEST)
                .ifinfomsg(0, 0, 0, 0, 0)
                .attrString(NetlinkConstants.IFLA_IFNAME, "vti0")   // 5 octets with NUL: nla_len 9, 3 padding
                .attrU32(NetlinkConstants.IFLA_MTU, 1400)            // must start on the next 4-octet boundary
                .build(5);
        String expected = strip(
                "34000000 1200 0100 05000000 00000000"
                + "00 00 0000 00000000 00000000 00000000" // ifinfomsg
                + "0900 0300 76746930 00 000000"          // IFLA_IFNAME "vti0\0" + 3 octets padding
                + "0800 0400 78050000");                  // IFLA_MTU 1400
        assertEquals(expected, hex(msg));
        assertEquals(0, msg.length % 4);
    }

    @Test
    void alignRoundsUpToFour() {
        assertEquals(0, NetlinkMessageBuilder.align(0));
        assertEquals(4, NetlinkMessageBuilder.align(1));
        assertEquals(8, NetlinkMessageBuilder.align(5));
        assertEquals(8, NetlinkMessageBuilder.align(8));
    }

    @Test
    void builderGrowsPastItsFirstBuffer() {
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(NetlinkConstants.RTM_NEWLINK, NetlinkConstants.NLM_F_REQUEST)
                .ifinfomsg(0, 0, 1, 0, 0);
        for (int i = 0; i < 100; i++) {
            b.attrU32(NetlinkConstants.IFLA_MTU, i);
        }
        byte[] msg = b.build(1);
        assertEquals(16 + 16 + 100 * 8, msg.length);
        assertEquals(msg.length, (msg[0] & 0xff) | (msg[1] & 0xff) << 8);
    }
}

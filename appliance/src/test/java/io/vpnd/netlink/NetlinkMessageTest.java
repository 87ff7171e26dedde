package io.vpnd.netlink;

import io.vpnd.net.Cidr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Decoding of kernel replies: message splitting, acks with and without extended-ack text, dumps. */
class NetlinkMessageTest {

    @BeforeAll
    static void littleEndianHost() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "vectors are written for a little-endian host");
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("[\\s|]", ""));
    }

    private static List<NetlinkMessage> parse(String hex) throws IOException {
        byte[] b = hex(hex);
        return NetlinkMessage.parseAll(b, b.length);
    }

    @Test
    void errorAckCarriesErrnoAndKernelMessage() throws IOException {
        // as a kernel with NETLINK_CAP_ACK and NETLINK_EXT_ACK sends it: 16 + 4 + 16 + 20 = 56 octets
        NetlinkMessage m = parse("38000000 0200 0003 2a000000 391f0000" // NLMSG_ERROR, CAPPED|ACK_TLVS, seq 42
                + "efffffff"                                             // error -17 (EEXIST)
                + "3c000000 1800 0506 2a000000 00000000"                 // the request's nlmsghdr only (capped)
                + "1100 0100 526f75746520657869737473 00 000000"         // NLMSGERR_ATTR_MSG "Route exists\0", padded
        ).get(0);
        assertTrue(m.isError());
        assertEquals(42, m.seq());
        NetlinkException e = assertThrows(NetlinkException.class, () -> m.throwIfError("RTM_NEWROUTE x"));
        assertEquals(NetlinkException.EEXIST, e.errno());
        assertEquals("Route exists", e.kernelMessage());
        assertTrue(e.getMessage().startsWith("RTM_NEWROUTE x: "), e.getMessage());
        assertTrue(e.getMessage().contains("File exists") && e.getMessage().contains("errno 17")
                && e.getMessage().endsWith("Route exists"), e.getMessage());
    }

    @Test
    void uncappedErrorSkipsTheEchoedRequestBeforeTheTlvs() throws IOException {
        // error -19 (ENODEV); flags ACK_TLVS only: the whole 20-octet request (len 0x14) is echoed
        String ack = "3c000000 0200 0002 05000000 00000000"
                + "edffffff"
                + "14000000 1200 0500 05000000 00000000 11223344"   // echoed request: header + 4 octets
                + "0800 0100 6e6f00 00"                              // NLMSGERR_ATTR_MSG "no"
                + "0800 0200 10000000";                              // NLMSGERR_ATTR_OFFS 16
        // 16 + 4 + 20 + 8 + 8 = 56
        ack = "38000000" + ack.replaceAll("\\s", "").substring(8);
        NetlinkMessage m = parse(ack).get(0);
        NetlinkException e = assertThrows(NetlinkException.class, () -> m.throwIfError("op"));
        assertEquals(NetlinkException.ENODEV, e.errno());
        assertEquals("no", e.kernelMessage());
    }

    @Test
    void positiveAckDoesNotThrow() throws IOException {
        NetlinkMessage m = parse("24000000 0200 0001 09000000 00000000 00000000"
                + "10000000 1000 0500 09000000 00000000").get(0);
        assertDoesNotThrow(() -> m.throwIfError("op"));
        assertNull(m.extAckMessage());
    }

    @Test
    void errorWithoutTlvsHasNoKernelMessage() throws IOException {
        NetlinkMessage m = parse("24000000 0200 0001 09000000 00000000 eaffffff"
                + "10000000 1000 0500 09000000 00000000").get(0);
        NetlinkException e = assertThrows(NetlinkException.class, () -> m.throwIfError("op"));
        assertEquals(NetlinkException.EINVAL, e.errno());
        assertNull(e.kernelMessage());
    }

    @Test
    void splitsADatagramAtAlignedBoundaries() throws IOException {
        // a 21-octet message (padded to 24) followed by NLMSG_DONE
        List<NetlinkMessage> ms = parse("15000000 1000 0200 01000000 00000000 aabbccdd ee 000000"
                + "14000000 0300 0200 01000000 00000000 00000000");
        assertEquals(2, ms.size());
        assertEquals(5, ms.get(0).body().remaining());
        assertEquals((byte) 0xee, ms.get(0).body().get(4));
        assertTrue(ms.get(1).isDone());
        assertEquals(0, ms.get(1).doneError());
    }

    @Test
    void rejectsALengthBeyondTheDatagram() {
        assertThrows(IOException.class, () -> parse("40000000 1000 0200 01000000 00000000"));
        assertThrows(IOException.class, () -> parse("08000000 1000 0200 01000000 00000000"));
    }

    @Test
    void attributeWalkStopsAtATruncatedAttribute() throws IOException {
        // ifinfomsg, then IFLA_MTU 1400, then an attribute claiming 64 octets
        NetlinkMessage m = parse("30000000 1000 0000 01000000 00000000"
                + "00 00 0000 05000000 41000000 00000000"
                + "0800 0400 78050000"
                + "4000 0300 41424344").get(0);
        NetlinkAttributes a = NetlinkAttributes.parse(m.body(), NetlinkConstants.IFINFOMSG_LEN);
        assertEquals(1400, a.u32(NetlinkConstants.IFLA_MTU, -1));
        assertNull(a.string(NetlinkConstants.IFLA_IFNAME));
    }

    @Test
    void parsesALinkReply() throws IOException {
        NetlinkMessage m = parse("3c000000 1000 0000 01000000 00000000"
                + "00 00 feff 05000000 c1100100 00000000"   // ARPHRD_NONE, index 5, flags UP|RUNNING|LOWER_UP|…
                + "0900 0300 76746930 00 000000"             // IFLA_IFNAME vti0
                + "0800 0400 78050000"                       // IFLA_MTU 1400
                + "0800 0d00 f4010000").get(0);              // IFLA_TXQLEN 500
        LinkInfo link = RtNetlink.parseLink(m);
        assertEquals(new LinkInfo(5, "vti0", 0x000110c1, 1400, 500), link);
        assertTrue(link.isUp());
        assertTrue(link.isRunning());
    }

    @Test
    void dumpedRoutesAreFilteredByProtocol() throws Exception {
        String route = "3c000000 1800 0200 01000000 00000000"
                + "02 18 00 00 fe %s fd 01 00000000"
                + "0800 0f00 fe000000"
                + "0800 0100 c6336400"
                + "0800 0400 07000000"
                + "0800 0600 64000000";
        NetlinkMessage ours = parse(String.format(route, "76")).get(0);
        NetlinkMessage bird = parse(String.format(route, "0c")).get(0);
        KernelRoute r = RtNetlink.parseRoute(ours, RtNetlink.VPND_ROUTE_PROTOCOL);
        assertEquals(new KernelRoute(Cidr.parseNetwork("198.51.100.0/24"), 7, null, 100, 254, 118), r);
        assertNull(RtNetlink.parseRoute(bird, RtNetlink.VPND_ROUTE_PROTOCOL), "a BIRD route is not ours");
        assertEquals(12, RtNetlink.parseRoute(bird, 12).protocol());
    }

    @Test
    void dumpedRouteRoundTripsThroughTheEncoder() throws Exception {
        KernelRoute r = new KernelRoute(Cidr.parseNetwork("2001:db8:1::/48"), 3,
                InetAddress.getByName("2001:db8::2"), 1024, 254, 118);
        byte[] msg = RtNetlink.routeMessage(NetlinkConstants.RTM_NEWROUTE, 0, r).build(1);
        NetlinkMessage m = NetlinkMessage.parseAll(msg, msg.length).get(0);
        assertEquals(r, RtNetlink.parseRoute(m, 118));
    }

    @Test
    void routesRefuseHostBitsWhereThePrefixIsWritten() {
        // the kernel would answer "Invalid prefix for given prefix length"
        assertEquals("198.51.100.1/24 has host bits set", assertThrows(IllegalArgumentException.class,
                () -> KernelRoute.onLink(Cidr.parse("198.51.100.1/24"), 7)).getMessage());
        assertEquals("2001:db8:1::/48 dev#7 metric 0 table 254 proto 118",
                KernelRoute.onLink(Cidr.parseNetwork("2001:db8:1::/48"), 7).toString());
    }
}

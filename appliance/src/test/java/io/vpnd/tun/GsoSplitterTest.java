package io.vpnd.tun;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.vpnd.tun.TestPackets.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Splitting what a vnet-header TUN reads: super-packets built as the kernel hands them over
 * (CHECKSUM_PARTIAL, pseudo-header sum in the field) must come out as segments whose lengths,
 * IPv4 identifications, sequence numbers, flags and checksums (checked with a reference
 * implementation) are what the kernel's own segmentation would have produced.
 */
class GsoSplitterTest {
    private final GsoSplitter splitter = new GsoSplitter(ByteBufAllocator.DEFAULT);
    private final List<byte[]> out = new ArrayList<>();
    private final GsoSplitter.Sink sink = p -> {
        assertTrue(p.hasArray(), "heap buffers for JCA");
        byte[] b = new byte[p.readableBytes()];
        p.getBytes(p.readerIndex(), b);
        p.release();
        out.add(b);
    };

    private static VirtioNetHdr gso(int type, int gsoSize, int csumStart, int csumOffset) {
        VirtioNetHdr h = new VirtioNetHdr().none();
        h.flags = VirtioNetHdr.F_NEEDS_CSUM;
        h.gsoType = type;
        h.gsoSize = gsoSize;
        h.csumStart = csumStart;
        h.csumOffset = csumOffset;
        h.hdrLen = 0; // not trusted anyway
        return h;
    }

    private int split(VirtioNetHdr h, byte[] packet) {
        // behind a vnet header in a direct buffer, as read from the device
        ByteBuf frame = Unpooled.directBuffer(VirtioNetHdr.LENGTH + packet.length);
        h.encode(frame, 0);
        frame.writerIndex(VirtioNetHdr.LENGTH);
        frame.writeBytes(packet);
        try {
            VirtioNetHdr decoded = new VirtioNetHdr().decode(frame, 0);
            return splitter.split(decoded, frame, VirtioNetHdr.LENGTH, packet.length, sink);
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest(name = "IPv{0}, {1} payload octets in segments of {2}, flags 0x{3}")
    @CsvSource({
            "4, 10001, 1348, 19",   // odd total, last segment short, ACK|PSH|FIN
            "4, 13480, 1348, 18",   // exact multiple, ACK|PSH
            "6, 9999, 1328, 19",
            "6, 64000, 1328, 18",
            "4, 500, 1348, 18",     // smaller than one segment
            "4, 7, 1, 144",         // one-octet segments, CWR|ACK
            "6, 2657, 1328, 152",   // CWR|ACK|PSH
    })
    void tcpSuperPacketBecomesKernelLikeSegments(int version, int payloadLength, int gsoSize, int flags) {
        Tcp t = new Tcp();
        t.version = version;
        t.flags = flags;
        t.ipId = 0xfffe; // identification wraps within the run
        t.seq = 0xffffff00; // so does the sequence number
        t.payload = new byte[payloadLength];
        new Random(payloadLength).nextBytes(t.payload);
        byte[] superPacket = build(t, PROTO_TCP, true);
        int ip = t.ipHeaderLength();
        int hl = ip + t.tcpHeaderLength();

        int n = split(gso(version == 4 ? VirtioNetHdr.GSO_TCPV4 : VirtioNetHdr.GSO_TCPV6, gsoSize, ip, 16), superPacket);

        int expected = (payloadLength + gsoSize - 1) / gsoSize;
        assertEquals(expected, n);
        assertEquals(expected, out.size());
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            byte[] s = out.get(i);
            boolean last = i == n - 1;
            int segPayload = last ? payloadLength - gsoSize * (n - 1) : gsoSize;
            assertEquals(hl + segPayload, s.length, "segment " + i + " length");
            assertTrue(checksumsValid(s), "segment " + i + " checksums");
            if (version == 4) {
                assertEquals(s.length, u16(s, 2), "IPv4 total length");
                assertEquals((0xfffe + i) & 0xffff, u16(s, 4), "identification counts up");
            } else {
                assertEquals(s.length - 40, u16(s, 4), "IPv6 payload length");
            }
            assertEquals(0xffffff00 + i * gsoSize, u32(s, ip + 4), "sequence number");
            int f = s[ip + 13] & 0xff;
            assertEquals(flags & ~(FIN | PSH | CWR), f & ~(FIN | PSH | CWR), "other flags kept");
            assertEquals(last ? flags & (FIN | PSH) : 0, f & (FIN | PSH), "FIN and PSH on the last segment only");
            assertEquals(i == 0 ? flags & CWR : 0, f & CWR, "CWR on the first segment only");
            assertArrayEquals(range(superPacket, ip + 20, hl), range(s, ip + 20, hl), "options copied");
            data.write(s, hl, segPayload);
        }
        assertArrayEquals(t.payload, data.toByteArray(), "payload in order, nothing lost");
    }

    @Test
    void releasedSegmentsShareOneArrayAndKeptOnesStayIntact() {
        Tcp t = new Tcp();
        t.version = 4;
        t.flags = 0x18;
        t.payload = new byte[5 * 1348];
        new Random(5).nextBytes(t.payload);
        byte[] superPacket = build(t, PROTO_TCP, true);
        VirtioNetHdr h = gso(VirtioNetHdr.GSO_TCPV4, 1348, 20, 16);
        split(h, superPacket);
        List<byte[]> expected = new ArrayList<>(out);

        // a sink that releases each segment before the next: one array serves them all
        java.util.Set<byte[]> arrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        ByteBuf frame = Unpooled.directBuffer(VirtioNetHdr.LENGTH + superPacket.length);
        h.encode(frame, 0);
        frame.writerIndex(VirtioNetHdr.LENGTH).writeBytes(superPacket);
        try {
            splitter.split(new VirtioNetHdr().decode(frame, 0), frame, VirtioNetHdr.LENGTH, superPacket.length, p -> {
                arrays.add(p.array());
                p.release();
            });
            assertEquals(1, arrays.size(), "no allocation per segment");

            // a sink that keeps them: each its own buffer, none overwritten by the next
            List<ByteBuf> kept = new ArrayList<>();
            splitter.split(new VirtioNetHdr().decode(frame, 0), frame, VirtioNetHdr.LENGTH, superPacket.length, kept::add);
            assertEquals(expected.size(), kept.size());
            for (int i = 0; i < kept.size(); i++) {
                ByteBuf p = kept.get(i);
                byte[] b = new byte[p.readableBytes()];
                p.getBytes(p.readerIndex(), b);
                assertArrayEquals(expected.get(i), b, "kept segment " + i);
                p.release();
            }
        } finally {
            frame.release();
        }
    }

    @ParameterizedTest(name = "IPv{0} USO, {1} octets in datagrams of {2}")
    @CsvSource({"4, 3001, 1200", "6, 2400, 1200", "4, 1, 1200"})
    void udpSuperPacketBecomesDatagrams(int version, int payloadLength, int gsoSize) {
        Tcp t = new Tcp();
        t.version = version;
        t.payload = new byte[payloadLength];
        new Random(7).nextBytes(t.payload);
        byte[] superPacket = build(t, PROTO_UDP, true);
        int ip = t.ipHeaderLength();

        int n = split(gso(VirtioNetHdr.GSO_UDP_L4, gsoSize, ip, 6), superPacket);

        assertEquals((payloadLength + gsoSize - 1) / gsoSize, n);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (byte[] s : out) {
            assertTrue(checksumsValid(s));
            assertEquals(s.length - ip, u16(s, ip + 4), "UDP length");
            assertNotEquals(0, u16(s, ip + 6), "UDP checksum present");
            data.write(s, ip + 8, s.length - ip - 8);
        }
        assertArrayEquals(t.payload, data.toByteArray());
    }

    @ParameterizedTest(name = "IPv{0} {1}")
    @CsvSource({"4, 6", "6, 6", "4, 17", "6, 17"})
    void partialChecksumOfAPlainPacketIsCompleted(int version, int proto) {
        Tcp t = new Tcp();
        t.version = version;
        t.flags = ACK | PSH;
        t.payload = new byte[777];
        new Random(3).nextBytes(t.payload);
        byte[] partial = build(t, proto, true);
        assertFalse(checksumsValid(partial), "precondition: only the pseudo-header sum in the field");
        VirtioNetHdr h = new VirtioNetHdr().none();
        h.flags = VirtioNetHdr.F_NEEDS_CSUM;
        h.csumStart = t.ipHeaderLength();
        h.csumOffset = proto == PROTO_TCP ? 16 : 6;

        assertEquals(1, split(h, partial));

        assertArrayEquals(build(t, proto, false), out.get(0), "what the kernel would have sent without offload");
    }

    @Test
    void aPlainPacketWithoutFlagsPassesUnchanged() {
        Tcp t = new Tcp();
        t.payload = new byte[33];
        byte[] p = t.build();
        assertEquals(1, split(new VirtioNetHdr().none(), p));
        assertArrayEquals(p, out.get(0));
    }

    @Test
    void framesThatDoNotMakeSenseDeliverNothing() {
        Tcp t = new Tcp();
        t.payload = new byte[4000];
        byte[] v4 = build(t, PROTO_TCP, true);
        t.version = 6;
        byte[] v6 = build(t, PROTO_TCP, true);
        assertEquals(-1, split(gso(VirtioNetHdr.GSO_TCPV6, 1000, 20, 16), v4), "IPv6 GSO type on IPv4");
        assertEquals(-1, split(gso(VirtioNetHdr.GSO_TCPV4, 1000, 40, 16), v6), "IPv4 GSO type on IPv6");
        assertEquals(-1, split(gso(VirtioNetHdr.GSO_TCPV4, 1000, 24, 16), v4), "csum_start is not the IHL");
        assertEquals(-1, split(gso(VirtioNetHdr.GSO_TCPV4, 0, 20, 16), v4), "no segment size");
        assertEquals(-1, split(gso(VirtioNetHdr.GSO_UDP_L4, 1000, 20, 6), v4), "UDP GSO on TCP");
        assertEquals(-1, split(gso(VirtioNetHdr.GSO_UDP, 1000, 20, 6), v4), "UFO is never enabled");
        assertEquals(-1, split(gso(VirtioNetHdr.GSO_TCPV4, 1000, 20, 16), range(v4, 0, 30)), "truncated TCP header");
        VirtioNetHdr h = new VirtioNetHdr().none();
        h.flags = VirtioNetHdr.F_NEEDS_CSUM;
        h.csumStart = v4.length;
        assertEquals(-1, split(h, v4), "csum_start beyond the packet");
        assertTrue(out.isEmpty());
    }
}

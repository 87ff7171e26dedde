package io.vpnd.tun;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.vpnd.tun.TestPackets.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Coalescing TCP segments for a vnet-header TUN write: what joins and what does not, the frame's
 * virtio_net_hdr, and the round trip — splitting the frame as the kernel would (with
 * {@link GsoSplitter}) gives back exactly the segments that went in.
 */
class TcpCoalescerTest {
    private final ByteBuf frame = Unpooled.directBuffer(TcpCoalescer.FRAME_CAPACITY);
    private final TcpCoalescer coalescer = new TcpCoalescer(frame);
    private final Random rnd = new Random(42);

    @AfterEach
    void release() {
        frame.release();
    }

    private boolean add(byte[] packet) {
        return coalescer.add(Unpooled.wrappedBuffer(packet));
    }

    private byte[] finish() {
        int n = coalescer.finish();
        byte[] f = new byte[n];
        frame.getBytes(0, f);
        coalescer.reset();
        return f;
    }

    /** What the kernel makes of the frame when it has to segment it again (forwarding). */
    private static List<byte[]> resegment(byte[] frame) {
        ByteBuf b = Unpooled.wrappedBuffer(frame);
        VirtioNetHdr h = new VirtioNetHdr().decode(b, 0);
        List<byte[]> out = new ArrayList<>();
        int n = new GsoSplitter(ByteBufAllocator.DEFAULT).split(h, b, VirtioNetHdr.LENGTH,
                frame.length - VirtioNetHdr.LENGTH, p -> {
                    byte[] a = new byte[p.readableBytes()];
                    p.getBytes(p.readerIndex(), a);
                    p.release();
                    out.add(a);
                });
        assertEquals(out.size(), n);
        return out;
    }

    @ParameterizedTest(name = "IPv{0}")
    @ValueSource(ints = {4, 6})
    void consecutiveSegmentsBecomeOneSuperPacketThatSplitsBackExactly(int version) {
        Tcp t = new Tcp();
        t.version = version;
        t.ipId = 0xfffd; // wraps
        t.seq = -100;    // wraps
        byte[][] segs = stream(t, rnd, 1348, 1348, 1348, 1348, 999);
        segs[4] = withFlags(segs[4], ACK | PSH); // the last one pushes

        for (byte[] s : segs) assertTrue(add(s));
        assertEquals(5, coalescer.segments());
        byte[] f = finish();

        VirtioNetHdr h = new VirtioNetHdr().decode(Unpooled.wrappedBuffer(f), 0);
        int ip = t.ipHeaderLength();
        assertEquals(VirtioNetHdr.F_NEEDS_CSUM, h.flags);
        assertEquals(version == 4 ? VirtioNetHdr.GSO_TCPV4 : VirtioNetHdr.GSO_TCPV6, h.gsoType);
        assertEquals(1348, h.gsoSize);
        assertEquals(ip, h.csumStart);
        assertEquals(16, h.csumOffset);
        assertEquals(ip + t.tcpHeaderLength(), h.hdrLen);
        byte[] sp = range(f, VirtioNetHdr.LENGTH, f.length);
        int total = ip + t.tcpHeaderLength() + 4 * 1348 + 999;
        assertEquals(total, sp.length);
        assertEquals(version == 4 ? total : total - 40, u16(sp, version == 4 ? 2 : 4), "IP length of the whole");
        assertEquals(ACK | PSH, sp[ip + 13] & 0xff, "PSH of the last segment");
        // the kernel completes CHECKSUM_PARTIAL by summing from csum_start: that must verify
        byte[] completed = sp.clone();
        put16(completed, ip + 16, ~fold(refSum(completed, ip, completed.length - ip)) & 0xffff);
        assertTrue(checksumsValid(completed), "partial checksum is the pseudo-header sum");

        List<byte[]> back = resegment(f);
        assertEquals(segs.length, back.size());
        for (int i = 0; i < segs.length; i++) assertArrayEquals(segs[i], back.get(i), "segment " + i);
    }

    @Test
    void aLoneSegmentIsWrittenAsItCameWithAnEmptyHeader() {
        byte[] s = stream(new Tcp(), rnd, 100)[0];
        assertTrue(add(s));
        byte[] f = finish();
        assertArrayEquals(new byte[VirtioNetHdr.LENGTH], range(f, 0, VirtioNetHdr.LENGTH));
        assertArrayEquals(s, range(f, VirtioNetHdr.LENGTH, f.length));
    }

    @Test
    void aShortSegmentOrPshIsTheLastToJoin() {
        byte[][] a = stream(new Tcp(), rnd, 1000, 500, 1000);
        assertTrue(add(a[0]));
        assertTrue(add(a[1]));
        assertFalse(add(a[2]), "after a short segment nothing joins");
        assertEquals(2, coalescer.segments());
        finish();

        byte[][] b = stream(new Tcp(), rnd, 1000, 1000, 1000);
        b[1] = withFlags(b[1], ACK | PSH);
        assertTrue(add(b[0]));
        assertTrue(add(b[1]));
        assertFalse(add(b[2]), "after PSH nothing joins");
    }

    @Test
    void segmentsThatTheKernelWouldNotMergeStayApart() {
        Tcp t = new Tcp();
        byte[][] base = stream(t, rnd, 1000, 1000);
        Tcp next = t.copy();
        next.seq += 1000;
        next.ipId += 1;
        next.payload = new byte[1000];

        assertRefused(base[0], mutate(next, x -> x.seq += 1), "sequence gap");
        assertRefused(base[0], mutate(next, x -> x.ack += 1), "other ACK number");
        assertRefused(base[0], mutate(next, x -> x.srcPort += 1), "other flow");
        assertRefused(base[0], mutate(next, x -> x.window += 1), "other window");
        assertRefused(base[0], mutate(next, x -> x.ttl -= 1), "other TTL");
        assertRefused(base[0], mutate(next, x -> x.tos = 2), "other ECN/DSCP");
        assertRefused(base[0], mutate(next, x -> x.ipId += 5), "identification not the next one");
        assertRefused(base[0], mutate(next, x -> x.options = new byte[]{1, 1, 8, 10, 0, 0, 0x12, 0x35, 0, 0, 0x56, 0x78}), "other timestamp");
        assertRefused(base[0], mutate(next, x -> x.flags = ACK | FIN), "FIN");
        assertRefused(base[0], mutate(next, x -> x.flags = ACK | CWR), "CWR");
        assertRefused(base[0], mutate(next, x -> x.flags = ACK | URG), "URG");
        assertRefused(base[0], mutate(next, x -> x.payload = new byte[1001]), "longer than the first");
        assertRefused(base[0], mutate(next, x -> x.payload = new byte[0]), "pure ACK");
        byte[] corrupt = base[1].clone();
        corrupt[corrupt.length - 1] ^= 1;
        assertRefused(base[0], corrupt, "bad TCP checksum");
        byte[] badIp = base[1].clone();
        badIp[10] ^= 1;
        assertRefused(base[0], badIp, "bad IPv4 header checksum");
        // and the control: the unmodified next segment joins
        assertTrue(add(base[0]));
        assertTrue(add(base[1]));
    }

    @Test
    void aSegmentWithABadChecksumTakesNoOthersAndIsWrittenUnchanged() {
        byte[][] s = stream(new Tcp(), rnd, 1000, 1000);
        byte[] bad = s[0].clone();
        bad[100] ^= 0x40;
        assertTrue(add(bad));
        assertFalse(add(s[1]));
        byte[] f = finish();
        assertArrayEquals(bad, range(f, VirtioNetHdr.LENGTH, f.length), "the kernel will drop it, as it should");
        assertEquals(0, f[1], "no GSO");
    }

    @Test
    void synAndUdpAndIcmpGoAlone() {
        Tcp syn = new Tcp();
        syn.flags = SYN;
        syn.payload = new byte[10];
        assertTrue(add(syn.build()));
        assertFalse(add(stream(new Tcp(), rnd, 10)[0]));
        finish();
        Tcp u = new Tcp();
        u.payload = new byte[100];
        byte[] udp = build(u, PROTO_UDP, false);
        assertTrue(add(udp));
        assertFalse(add(udp));
        byte[] f = finish();
        assertArrayEquals(udp, range(f, VirtioNetHdr.LENGTH, f.length));
    }

    @Test
    void theFrameStopsAt64KiB() {
        int[] sizes = new int[60];
        java.util.Arrays.fill(sizes, 1348);
        byte[][] segs = stream(new Tcp(), rnd, sizes);
        int joined = 0;
        for (byte[] s : segs) {
            if (!add(s)) break;
            joined++;
        }
        int hl = 20 + 32;
        assertEquals((65535 - hl) / 1348, joined);
        byte[] f = finish();
        assertTrue(f.length - VirtioNetHdr.LENGTH <= 65535);
        List<byte[]> back = resegment(f);
        for (int i = 0; i < joined; i++) assertArrayEquals(segs[i], back.get(i));
    }

    @Test
    void atMost64SegmentsJoin() {
        int[] sizes = new int[70];
        java.util.Arrays.fill(sizes, 100);
        byte[][] segs = stream(new Tcp(), rnd, sizes);
        int joined = 0;
        for (byte[] s : segs) {
            if (!add(s)) break;
            joined++;
        }
        assertEquals(TcpCoalescer.MAX_SEGMENTS, joined);
    }

    private void assertRefused(byte[] first, byte[] second, String why) {
        assertTrue(add(first));
        assertFalse(add(second), why);
        assertEquals(1, coalescer.segments());
        finish();
    }

    private static byte[] mutate(Tcp t, java.util.function.Consumer<Tcp> change) {
        Tcp c = t.copy();
        change.accept(c);
        return c.build();
    }

    private static byte[] withFlags(byte[] segment, int flags) {
        // rebuild the checksum after changing flags: decode enough to rebuild
        byte[] p = segment.clone();
        int version = (p[0] >> 4) & 0xf;
        int ip = version == 4 ? 20 : 40;
        p[ip + 13] = (byte) flags;
        put16(p, ip + 16, 0);
        put16(p, ip + 16, ~fold(pseudo(p, version, PROTO_TCP, p.length - ip) + refSum(p, ip, p.length - ip)) & 0xffff);
        return p;
    }
}

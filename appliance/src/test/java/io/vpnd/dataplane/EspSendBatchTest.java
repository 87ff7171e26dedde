package io.vpnd.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EspSendBatchTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.2", 4500);
    private static final InetSocketAddress OTHER = new InetSocketAddress("192.0.2.3", 4500);

    private EspSendBatch batch;
    private EmbeddedChannel udp;

    @BeforeEach
    void setUp() {
        if (!EspSendBatch.supported()) {
            assertNotEquals("true", System.getenv("CI"), "CI runs on Linux with Netty's epoll transport and UDP GSO");
            assumeTrue(false, "UDP GSO needs Linux and Netty's native epoll transport");
        }
        batch = new EspSendBatch(UnpooledByteBufAllocator.DEFAULT);
        udp = new EmbeddedChannel();
    }

    @AfterEach
    void tearDown() {
        batch.discard();
        udp.finishAndReleaseAll();
    }

    /** Appends a fake sealed packet of {@code len} octets filled with {@code fill}. */
    private void add(InetSocketAddress to, int len, int fill) {
        ByteBuf b = batch.bufferFor(to, len, udp);
        for (int i = 0; i < len; i++) b.writeByte(fill);
        batch.added(len, udp);
    }

    /** What the batch has written to the channel so far. */
    private List<DatagramPacket> written() {
        udp.flush();
        List<DatagramPacket> out = new ArrayList<>();
        for (Object o; (o = udp.readOutbound()) != null; ) out.add((DatagramPacket) o);
        return out;
    }

    /** Sends the current run, then returns what was written. */
    private List<DatagramPacket> sent() {
        batch.send(udp);
        return written();
    }

    @Test
    void equalPacketsToOnePeerLeaveAsOneSegmentedSend() {
        for (int i = 0; i < 3; i++) add(PEER, 1200, i);
        add(PEER, 300, 9); // a shorter last one may join
        List<DatagramPacket> out = sent();
        assertEquals(1, out.size());
        SegmentedDatagramPacket p = assertInstanceOf(SegmentedDatagramPacket.class, out.get(0));
        assertEquals(1200, p.segmentSize());
        assertEquals(3 * 1200 + 300, p.content().readableBytes());
        assertEquals(2, p.content().getByte(2 * 1200));
        assertEquals(9, p.content().getByte(3 * 1200));
        assertEquals(PEER, p.recipient());
        out.forEach(DatagramPacket::release);
    }

    @Test
    void nothingJoinsAfterAShorterPacketOrALongerOne() {
        add(PEER, 1200, 1);
        add(PEER, 600, 2);
        add(PEER, 600, 3);   // after a short segment: new run
        add(PEER, 1200, 4);  // longer than the run's segment: new run
        List<DatagramPacket> out = new ArrayList<>(written());
        out.addAll(sent());
        assertEquals(3, out.size());
        assertInstanceOf(SegmentedDatagramPacket.class, out.get(0));
        assertEquals(1800, out.get(0).content().readableBytes());
        assertFalse(out.get(1) instanceof SegmentedDatagramPacket, "a run of one is a plain datagram");
        assertEquals(600, out.get(1).content().readableBytes());
        assertEquals(1200, out.get(2).content().readableBytes());
        out.forEach(DatagramPacket::release);
    }

    @Test
    void anotherPeerStartsAnotherRun() {
        add(PEER, 1000, 1);
        add(OTHER, 1000, 2);
        add(OTHER, 1000, 3);
        List<DatagramPacket> out = new ArrayList<>(written());
        out.addAll(sent());
        assertEquals(2, out.size());
        assertEquals(PEER, out.get(0).recipient());
        assertEquals(OTHER, out.get(1).recipient());
        assertEquals(2000, out.get(1).content().readableBytes());
        out.forEach(DatagramPacket::release);
    }

    @Test
    void runsStopAtTheKernelsSegmentAndSizeLimits() {
        for (int i = 0; i < EspSendBatch.MAX_SEGMENTS + 1; i++) add(PEER, 100, i);
        List<DatagramPacket> out = new ArrayList<>(written());
        out.addAll(sent());
        assertEquals(2, out.size());
        assertEquals(EspSendBatch.MAX_SEGMENTS * 100, out.get(0).content().readableBytes());
        out.forEach(DatagramPacket::release);

        for (int i = 0; i < 50; i++) add(PEER, 1400, i);
        out = new ArrayList<>(written());
        out.addAll(sent());
        assertTrue(out.size() >= 2);
        for (DatagramPacket p : out) assertTrue(p.content().readableBytes() <= EspSendBatch.MAX_BYTES);
        assertEquals(50 * 1400, out.stream().mapToInt(p -> p.content().readableBytes()).sum());
        out.forEach(DatagramPacket::release);
    }

    @Test
    void packetsNeedingIpFragmentationGoAlone() {
        add(PEER, 1000, 1);
        add(PEER, 1000, 2);
        add(PEER, 1480, 3); // 1480 + 28 > 1500: longer than the run, and alone
        add(PEER, 1000, 4);
        List<DatagramPacket> out = new ArrayList<>(written());
        out.addAll(sent());
        assertEquals(3, out.size());
        assertFalse(out.get(1) instanceof SegmentedDatagramPacket);
        assertEquals(1480, out.get(1).content().readableBytes());
        out.forEach(DatagramPacket::release);
    }

    @Test
    void aRunWithOnlyFailedSealsSendsNothing() {
        batch.bufferFor(PEER, 1000, udp); // the seal failed: nothing added
        assertTrue(sent().isEmpty());
    }
}

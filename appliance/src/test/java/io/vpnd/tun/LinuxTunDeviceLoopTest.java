package io.vpnd.tun;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The epoll machinery of {@link LinuxTunDevice} — batched reads, the read budget, the write queue,
 * EAGAIN and EPOLLOUT, errors, close — without root: the device drives one end of a
 * SOCK_SEQPACKET pair ({@link SocketPair}) and the test plays the kernel on the other.
 */
class LinuxTunDeviceLoopTest {
    private static MultiThreadIoEventLoopGroup group;
    private IoEventLoop loop;
    private SocketPair pair;
    private LinuxTunDevice device;
    private RecordingReceiver receiver;

    @BeforeAll
    static void startLoop() {
        assumeTrue(Epoll.isAvailable(), "native epoll");
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    }

    @AfterAll
    static void stopLoop() {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        loop = group.next();
        pair = new SocketPair();
        receiver = new RecordingReceiver();
    }

    @AfterEach
    void tearDown() throws IOException {
        if (device != null) {
            device.close();
        }
        receiver.releaseAll();
        pair.close();
    }

    private LinuxTunDevice open(TunOptions options) throws IOException {
        device = LinuxTunDevice.wrap(pair.device, options.name(), 42, options.mtu() == 0 ? 1500 : options.mtu(),
                options, loop, ByteBufAllocator.DEFAULT);
        return device;
    }

    private static byte[] packet(int seq, int size) {
        byte[] p = new byte[size];
        p[0] = 0x45;
        p[1] = (byte) (seq >> 8);
        p[2] = (byte) seq;
        for (int i = 3; i < size; i++) {
            p[i] = (byte) (seq + i);
        }
        return p;
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), out);
        return out;
    }

    /** Runs nothing on the loop and waits for it: everything submitted before has run. */
    private void drainLoop() {
        loop.submit(() -> { }).syncUninterruptibly();
    }

    @Test
    void readsQueuedPacketsInBatchesBoundedByTheBudget() throws Exception {
        open(TunOptions.named("sp0").withReadBudget(64));
        for (int i = 0; i < 200; i++) {
            assertTrue(pair.send(packet(i, 100 + i)));
        }
        device.start(receiver);
        assertTrue(receiver.awaitCount(200, 5000), "got " + receiver.packetCount.get());
        drainLoop();
        for (int i = 0; i < 200; i++) {
            ByteBuf p = receiver.poll(0);
            assertArrayEquals(packet(i, 100 + i), bytes(p), "packet " + i);
            assertTrue(p.hasArray(), "HEAP read buffers have an array");
            p.release();
        }
        // every wake-up reads at most 64 and the rest waits for the loop's next turn
        assertEquals(List.of(64, 64, 64, 8), receiver.batchSizes);
        assertEquals(4, receiver.readCompletes.get());
        assertTrue(receiver.onlyOnLoop);
        TunStats s = device.stats();
        assertEquals(200, s.packetsRead());
        assertEquals(4, s.readBatches());
        assertEquals(200 * 100 + 199 * 200 / 2, s.bytesRead());
    }

    @Test
    void directBuffersAreReadWithoutACopyAndOversizeIsDropped() throws Exception {
        open(TunOptions.named("sp1").withMtu(200).withReadBuffers(TunOptions.ReadBuffers.DIRECT));
        device.start(receiver);
        assertTrue(pair.send(packet(1, 200)));
        assertTrue(pair.send(packet(2, 300))); // larger than the MTU: read truncated, must be dropped
        assertTrue(pair.send(packet(3, 20)));
        assertTrue(receiver.awaitCount(2, 5000));
        ByteBuf a = receiver.poll(1000);
        ByteBuf b = receiver.poll(1000);
        assertTrue(a.isDirect() && !a.hasArray());
        assertArrayEquals(packet(1, 200), bytes(a));
        assertArrayEquals(packet(3, 20), bytes(b));
        a.release();
        b.release();
        drainLoop();
        assertEquals(1, device.stats().readDrops());
        assertEquals(2, device.stats().packetsRead());
    }

    @Test
    void writesFromAnotherThreadReachThePeerInOrder() throws Exception {
        open(TunOptions.named("sp2"));
        List<ByteBuf> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            // heap, direct and composite buffers all take their own write path
            byte[] p = packet(i, 60 + i);
            ByteBuf b = i % 3 == 0 ? Unpooled.wrappedBuffer(p)
                    : i % 3 == 1 ? Unpooled.directBuffer(p.length).writeBytes(p)
                    : Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(p, 0, 10), Unpooled.wrappedBuffer(p, 10, p.length - 10));
            sent.add(b);
            assertTrue(device.write(b));
        }
        assertNull(pair.receive(), "nothing leaves before flush");
        device.flush();
        drainLoop();
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(packet(i, 60 + i), pair.receive(), "packet " + i);
        }
        assertNull(pair.receive());
        for (ByteBuf b : sent) {
            assertEquals(0, b.refCnt(), "the device released every written buffer");
        }
        assertEquals(10, device.stats().packetsWritten());
    }

    @Test
    void aFullWriteQueueDropsAndCounts() throws Exception {
        open(TunOptions.named("sp3").withWriteQueueCapacity(4));
        List<Boolean> accepted = new ArrayList<>();
        ByteBuf last = null;
        for (int i = 0; i < 6; i++) {
            last = Unpooled.wrappedBuffer(packet(i, 40));
            accepted.add(device.write(last));
        }
        assertEquals(List.of(true, true, true, true, false, false), accepted);
        assertEquals(0, last.refCnt(), "a dropped packet is released");
        assertEquals(2, device.stats().writeDrops());
        device.flush();
        drainLoop();
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(packet(i, 40), pair.receive());
        }
    }

    @Test
    void eagainArmsEpolloutAndWritingResumesWhenThePeerDrains() throws Exception {
        open(TunOptions.named("sp4"));
        // a connected AF_UNIX pair pushes back on the sender's buffer (~200 KiB): 100 x 8000 octets overflow it
        int n = 100;
        int size = 8000;
        for (int i = 0; i < n; i++) {
            assertTrue(device.write(Unpooled.wrappedBuffer(packet(i, size))));
        }
        device.flush();
        drainLoop();
        // the rest must wait for EPOLLOUT, not be dropped
        long waitingBeforeDrain = device.stats().packetsWritten();
        assertTrue(waitingBeforeDrain < n, "the socket pair pushed back after " + waitingBeforeDrain);
        List<byte[]> got = new ArrayList<>();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (got.size() < n && System.nanoTime() - until < 0) {
            byte[] p = pair.receive();
            if (p == null) {
                Thread.sleep(1);
            } else {
                got.add(p);
            }
        }
        assertEquals(n, got.size());
        for (int i = 0; i < n; i++) {
            assertArrayEquals(packet(i, size), got.get(i), "packet " + i);
        }
        TunStats s = device.stats();
        assertEquals(n, s.packetsWritten());
        assertEquals(0, s.writeDrops());
        assertEquals(0, s.writeErrors());
    }

    @Test
    void aReceiverThatThrowsDoesNotStopReading() throws Exception {
        open(TunOptions.named("sp5"));
        RecordingReceiver inner = receiver;
        device.start(new TunReceiver() {
            @Override
            public void packetRead(TunDevice d, ByteBuf packet) {
                if (packet.getByte(2) == 1) {
                    packet.release();
                    throw new IllegalStateException("boom");
                }
                inner.packetRead(d, packet);
            }

            @Override
            public void readComplete(TunDevice d) {
                inner.readComplete(d);
            }
        });
        pair.send(packet(1, 30));
        Thread.sleep(50);
        pair.send(packet(2, 30));
        ByteBuf p = receiver.poll(5000);
        assertNotNull(p);
        assertArrayEquals(packet(2, 30), bytes(p));
        p.release();
    }

    @Test
    void persistentReadErrorsFailTheDeviceInsteadOfSpinning() throws Exception {
        open(TunOptions.named("sp6"));
        device.start(receiver);
        drainLoop();
        pair.peer.close(); // every read now returns end-of-file, and epoll keeps saying "readable"
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (device.state() != TunState.FAILED && System.nanoTime() - until < 0) {
            Thread.sleep(5);
        }
        assertEquals(TunState.FAILED, device.state());
        assertTrue(device.stats().readErrors() >= 16, "errors are counted: " + device.stats());
        ByteBuf dropped = Unpooled.wrappedBuffer(packet(1, 20));
        assertFalse(device.write(dropped));
        assertEquals(0, dropped.refCnt());
        // the loop is still alive and serving others
        assertTrue(loop.submit(() -> true).await(1, TimeUnit.SECONDS));
    }

    @Test
    void closeFromAnotherThreadClosesTheDescriptorAndReleasesQueuedPackets() throws Exception {
        open(TunOptions.named("sp7"));
        device.start(receiver);
        ByteBuf queued = Unpooled.wrappedBuffer(packet(1, 20));
        assertTrue(device.write(queued));
        device.close();
        assertEquals(TunState.CLOSED, device.state());
        assertFalse(pair.device.isOpen());
        assertEquals(0, queued.refCnt());
        ByteBuf late = Unpooled.wrappedBuffer(packet(2, 20));
        assertFalse(device.write(late));
        assertEquals(0, late.refCnt());
        device.close(); // idempotent
    }
}

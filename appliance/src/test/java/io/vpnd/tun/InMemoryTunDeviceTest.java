package io.vpnd.tun;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryTunDeviceTest {
    private DefaultEventLoop loop;
    private InMemoryTunDevice dev;
    private RecordingReceiver rx;

    @BeforeEach
    void setUp() {
        loop = new DefaultEventLoop();
        dev = new InMemoryTunDevice("mem0", 1400, loop, 4);
        rx = new RecordingReceiver();
    }

    @AfterEach
    void tearDown() {
        dev.close();
        rx.releaseAll();
        dev.drainWritten().forEach(ByteBuf::release);
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static ByteBuf pkt(int n) {
        return Unpooled.buffer(20).writeByte(0x45).writeByte(n).writeZero(18);
    }

    private void drainLoop() {
        loop.submit(() -> { }).syncUninterruptibly();
    }

    @Test
    void nameMtuAndLoop() {
        assertEquals("mem0", dev.name());
        assertEquals(1400, dev.mtu());
        assertSame(loop, dev.eventLoop());
    }

    @Test
    void aBatchIsDeliveredOnTheLoopFollowedByOneReadComplete() throws Exception {
        dev.start(rx);
        dev.injectBatch(List.of(pkt(1), pkt(2), pkt(3)));
        dev.inject(pkt(4));
        assertTrue(rx.awaitCount(4, 2000));
        drainLoop();
        assertEquals(List.of(3, 1), rx.batchSizes);
        assertTrue(rx.onlyOnLoop);
        for (int i = 1; i <= 4; i++) {
            ByteBuf p = rx.poll(0);
            assertEquals(i, p.getByte(1));
            p.release();
        }
        assertEquals(4, dev.stats().packetsRead());
    }

    @Test
    void packetsInjectedBeforeStartWaitLikeInTheKernelQueue() throws Exception {
        dev.inject(pkt(1));
        dev.inject(pkt(2));
        drainLoop();
        assertEquals(0, rx.packetCount.get());
        dev.start(rx);
        assertTrue(rx.awaitCount(2, 2000));
        drainLoop();
        assertEquals(List.of(2), rx.batchSizes);
        assertThrows(IllegalStateException.class, () -> dev.start(rx));
    }

    @Test
    void writesAppearOnlyAfterFlush() throws Exception {
        assertTrue(dev.write(pkt(7)));
        assertNull(dev.written().poll(50, TimeUnit.MILLISECONDS));
        dev.flush();
        ByteBuf p = dev.written().poll(2, TimeUnit.SECONDS);
        assertEquals(7, p.getByte(1));
        p.release();
        assertEquals(1, dev.stats().packetsWritten());
    }

    @Test
    void aFullQueueAndAClosedDeviceDropAndRelease() {
        for (int i = 0; i < 4; i++) {
            assertTrue(dev.write(pkt(i)));
        }
        ByteBuf fifth = pkt(5);
        assertFalse(dev.write(fifth));
        assertEquals(0, fifth.refCnt());
        ByteBuf queued = pkt(6);
        dev.flush();
        drainLoop();
        assertTrue(dev.write(queued));
        dev.close();
        assertEquals(0, queued.refCnt(), "close releases what was queued but not flushed");
        ByteBuf late = pkt(7);
        assertFalse(dev.write(late));
        assertEquals(0, late.refCnt());
        assertEquals(3, dev.stats().writeDrops());
        assertEquals(TunState.CLOSED, dev.state());
    }
}

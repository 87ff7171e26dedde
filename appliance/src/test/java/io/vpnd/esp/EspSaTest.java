package io.vpnd.esp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vpnd.esp.EspTestSupport.Pair;
import io.vpnd.esp.EspTestSupport.Suite;
import io.vpnd.net.DropReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.vpnd.esp.EspTestSupport.udp4;
import static org.junit.jupiter.api.Assertions.*;

/** Sequence numbers that stop instead of wrapping, volume lifetimes, counters, endpoints. */
class EspSaTest {

    /** Records lifetime events as "soft"/"hard". */
    static final class Events implements SaEventListener {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onExpire(String tunnel, int spi, SaDirection direction, boolean hard) {
            assertEquals("t1", tunnel);
            seen.add(direction.name().toLowerCase() + (hard ? " hard" : " soft"));
        }
    }

    private static DropReason seal(EspSa sa, int size) {
        return EspCodec.seal(sa, Unpooled.wrappedBuffer(udp4(size)), Unpooled.buffer());
    }

    private static int wireSeq(EspSa sa) {
        ByteBuf out = Unpooled.buffer();
        assertNull(EspCodec.seal(sa, Unpooled.wrappedBuffer(udp4(40)), out));
        return out.getInt(4);
    }

    @Test
    void sequenceNumbersStartAtOne() {
        Pair sa = EspTestSupport.pair(Suite.GCM256, false);
        assertEquals(1, wireSeq(sa.out()));
        assertEquals(2, wireSeq(sa.out()));
    }

    @Test
    void thirtyTwoBitSequenceStopsInsteadOfWrapping() {
        Events events = new Events();
        Pair sa = EspTestSupport.pair(Suite.GCM256, false, 64, SaLifetime.UNLIMITED, events);
        sa.out().setNextSequenceForTest(0xFFFF_FFFEL);
        assertEquals(0xFFFF_FFFE, wireSeq(sa.out()));
        assertEquals(0xFFFF_FFFF, wireSeq(sa.out()), "2^32 - 1 is the last one used");
        assertEquals(DropReason.SEQ_OVERFLOW, seal(sa.out(), 40));
        assertEquals(DropReason.SEQ_OVERFLOW, seal(sa.out(), 40));
        assertEquals(EspSa.State.SEQUENCE_EXHAUSTED, sa.out().state());
        assertEquals(List.of("outbound soft", "outbound hard"), events.seen, "rekey asked once, stop reported once");
        assertEquals(2, sa.out().stats().packets());
    }

    @Test
    void extendedSequenceStopsAt2To64Minus1() {
        Events events = new Events();
        Pair sa = EspTestSupport.pair(Suite.CBC256_SHA256, true, 64, SaLifetime.UNLIMITED, events);
        sa.out().setNextSequenceForTest(-2L);                      // 2^64 - 2
        assertEquals(0xFFFF_FFFE, wireSeq(sa.out()));
        assertEquals(0xFFFF_FFFF, wireSeq(sa.out()), "2^64 - 1");
        assertEquals(DropReason.SEQ_OVERFLOW, seal(sa.out(), 40));
        assertEquals(DropReason.SEQ_OVERFLOW, seal(sa.out(), 40), "never wraps back to 1");
        assertEquals(List.of("outbound soft", "outbound hard"), events.seen);
    }

    @Test
    void extendedSequenceCrosses2To32() {
        Pair sa = EspTestSupport.pair(Suite.GCM128, true);
        sa.out().setNextSequenceForTest(0xFFFF_FFFFL);
        assertEquals(0xFFFF_FFFF, wireSeq(sa.out()));
        assertEquals(0, wireSeq(sa.out()), "2^32 travels as low bits 0");
        assertEquals(1, wireSeq(sa.out()));
        assertEquals(EspSa.State.ACTIVE, sa.out().state());
    }

    @Test
    void nearlySpentSequenceSpaceAsksForRekeyOnce() {
        Events events = new Events();
        Pair sa = EspTestSupport.pair(Suite.GCM256, false, 64, SaLifetime.UNLIMITED, events);
        long rekeyAt = (1L << 32) - (1L << 20);
        sa.out().setNextSequenceForTest(rekeyAt - 2);
        assertNull(seal(sa.out(), 40));
        assertNull(seal(sa.out(), 40));
        assertEquals(List.of(), events.seen, "not yet");
        assertNull(seal(sa.out(), 40));
        assertEquals(List.of("outbound soft"), events.seen, "at 2^32 - 2^20");
        for (int i = 0; i < 10; i++) assertNull(seal(sa.out(), 40));
        assertEquals(List.of("outbound soft"), events.seen, "once");
        assertEquals(EspSa.State.REKEY_DUE, sa.out().state());
    }

    @Test
    void packetLifetimeSoftThenHardExactlyOnce() {
        Events events = new Events();
        Pair sa = EspTestSupport.pair(Suite.GCM256, false, 64, new SaLifetime(0, 0, 3, 5), events);
        assertNull(seal(sa.out(), 40));
        assertNull(seal(sa.out(), 40));
        assertEquals(List.of(), events.seen);
        assertNull(seal(sa.out(), 40));
        assertEquals(List.of("outbound soft"), events.seen, "the 3rd packet crosses the soft limit");
        assertNull(seal(sa.out(), 40));
        assertNull(seal(sa.out(), 40), "the 5th packet is still carried");
        assertEquals(List.of("outbound soft", "outbound hard"), events.seen);
        for (int i = 0; i < 5; i++) assertEquals(DropReason.SA_EXPIRED, seal(sa.out(), 40));
        assertEquals(List.of("outbound soft", "outbound hard"), events.seen);
        assertEquals(5, sa.out().stats().packets());
        assertEquals(EspSa.State.EXPIRED, sa.out().state());
    }

    @Test
    void byteLifetimeCountsInnerOctetsInbound() {
        Events events = new Events();
        Pair sa = EspTestSupport.pair(Suite.CBC256_SHA1, false, 64, new SaLifetime(250, 400, 0, 0), events);
        // A sender without limits, so that there is a packet left for the expired receiver.
        EspSa sender = new EspSa(EspTestSupport.spec(SaDirection.OUTBOUND, sa.in().spi(), Suite.CBC256_SHA1,
                sa.in().spec().encryptionKey(), sa.in().spec().integrityKey(), false, 64, SaLifetime.UNLIMITED), null);
        byte[][] esp = new byte[5][];
        for (int i = 0; i < esp.length; i++) {
            ByteBuf b = Unpooled.buffer();
            assertNull(EspCodec.seal(sender, Unpooled.wrappedBuffer(udp4(100)), b));
            esp[i] = EspTestSupport.bytes(b);
        }
        for (int i = 0; i < 4; i++) assertNull(seal(sa.out(), 100));
        assertEquals(List.of("outbound soft", "outbound hard"), events.seen, "outbound crossed 250 and 400 octets");
        assertEquals(DropReason.SA_EXPIRED, seal(sa.out(), 100));
        events.seen.clear();
        ByteBuf out = Unpooled.buffer();
        assertNull(EspCodec.open(sa.in(), Unpooled.wrappedBuffer(esp[0]), out));
        assertNull(EspCodec.open(sa.in(), Unpooled.wrappedBuffer(esp[1]), out));
        assertEquals(List.of(), events.seen);
        assertNull(EspCodec.open(sa.in(), Unpooled.wrappedBuffer(esp[2]), out));
        assertEquals(List.of("inbound soft"), events.seen);
        assertNull(EspCodec.open(sa.in(), Unpooled.wrappedBuffer(esp[3]), out));
        assertEquals(List.of("inbound soft", "inbound hard"), events.seen);
        assertEquals(DropReason.SA_EXPIRED, EspCodec.open(sa.in(), Unpooled.wrappedBuffer(esp[4]), out));
        assertEquals(400, sa.in().stats().bytes());
        assertEquals(400, out.readableBytes());
    }

    @Test
    void oneBigPacketCrossingBothLimitsReportsBoth() {
        Events events = new Events();
        Pair sa = EspTestSupport.pair(Suite.GCM256, false, 64, new SaLifetime(100, 200, 0, 0), events);
        assertNull(seal(sa.out(), 1000));
        assertEquals(List.of("outbound soft", "outbound hard"), events.seen);
    }

    @Test
    void concurrentSealsCrossTheLimitsOnce() throws Exception {
        Events events = new Events();
        Pair sa = EspTestSupport.pair(Suite.GCM128, false, 64, new SaLifetime(0, 0, 1000, 4000), events);
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            ts[t] = new Thread(() -> {
                for (int i = 0; i < 2000; i++) seal(sa.out(), 60);
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join(60_000);
            assertFalse(t.isAlive());
        }
        assertEquals(List.of("outbound soft", "outbound hard"), events.seen);
        long carried = sa.out().stats().packets();
        assertTrue(carried >= 4000 && carried < 4000 + ts.length, "hard limit honoured up to a race: " + carried);
    }

    @Test
    void listenerFailuresDoNotEscape() {
        Pair sa = EspTestSupport.pair(Suite.GCM256, false, 64, new SaLifetime(0, 0, 1, 2),
                (tunnel, spi, direction, hard) -> {
                    throw new IllegalStateException("listener bug");
                });
        assertNull(seal(sa.out(), 40));
        assertNull(seal(sa.out(), 40));
        assertEquals(DropReason.SA_EXPIRED, seal(sa.out(), 40));
    }

    @Test
    void statsCountInnerOctetsAndTime() {
        Pair sa = EspTestSupport.pair(Suite.GCM256, false);
        assertEquals(new SaStats(0, 0, 0), sa.out().stats());
        long before = System.nanoTime();
        assertNull(seal(sa.out(), 100));
        assertNull(seal(sa.out(), 60));
        SaStats s = sa.out().stats();
        assertEquals(160, s.bytes());
        assertEquals(2, s.packets());
        assertTrue(s.lastUsedNanos() - before >= 0);
    }

    @Test
    void endpointsFollowNatChanges() {
        Pair sa = EspTestSupport.pair(Suite.GCM256, false);
        assertEquals(EspTestSupport.REMOTE, sa.out().remote());
        InetSocketAddress moved = new InetSocketAddress(EspTestSupport.REMOTE.getAddress(), 34567);
        sa.out().updateEndpoints(EspTestSupport.LOCAL, moved);
        assertEquals(moved, sa.out().remote());
        assertEquals(EspTestSupport.LOCAL, sa.out().local());
        assertThrows(NullPointerException.class, () -> sa.out().updateEndpoints(null, moved));
    }

    @Test
    void exposesItsSpecWithoutLeakingKeys() {
        Pair sa = EspTestSupport.pair(Suite.CBC256_SHA256, true);
        EspSa in = sa.in();
        assertEquals(SaDirection.INBOUND, in.direction());
        assertEquals("t1", in.tunnel());
        assertEquals(in.spec().spi(), in.spi());
        assertNotNull(in.replayWindow());
        assertNull(sa.out().replayWindow(), "outbound SAs have no window");
        String text = in.toString();
        assertTrue(text.contains(String.format("0x%08x", in.spi())));
        assertFalse(text.toLowerCase().contains(EspTestSupport.hex(in.spec().encryptionKey()).substring(0, 8)));
        assertFalse(text.toLowerCase().contains(EspTestSupport.hex(in.spec().integrityKey()).substring(0, 8)));
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 160, 512})
    void refusesKeySizesAesDoesNotHave(int bits) {
        byte[] key = EspTestSupport.randomBytes(bits / 8 + 4);
        ChildSaSpec spec = new ChildSaSpec("t1", SaDirection.OUTBOUND, 5, Suite.GCM256.encryption, bits, key, null, null,
                false, 64, EspTestSupport.LOCAL, EspTestSupport.REMOTE, List.of(), List.of(), null);
        assertThrows(IllegalArgumentException.class, () -> new EspSa(spec, null));
    }

    @Test
    void refusesOversizedReplayWindows() {
        ChildSaSpec spec = new ChildSaSpec("t1", SaDirection.INBOUND, 5, Suite.GCM256.encryption, 256,
                EspTestSupport.randomBytes(36), null, null, false, ReplayWindow.MAX_SIZE + 1, EspTestSupport.LOCAL,
                EspTestSupport.REMOTE, List.of(), List.of(), null);
        assertThrows(IllegalArgumentException.class, () -> new EspSa(spec, null));
    }
}

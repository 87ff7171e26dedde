package io.vpnd.esp;

import io.netty.buffer.ByteBuf;
import io.vpnd.esp.EspTestSupport.Buffers;
import io.vpnd.esp.EspTestSupport.Pair;
import io.vpnd.esp.EspTestSupport.Suite;
import io.vpnd.net.DropReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.vpnd.esp.EspTestSupport.hex;
import static org.junit.jupiter.api.Assertions.*;

/** seal → open for every inner size, both IP versions, the suites we ship, ESN on and off, each buffer layout. */
class EspCodecRoundTripTest {
    private static final int MAX_SIZE = 1500;

    static Stream<Arguments> combinations() {
        List<Arguments> a = new ArrayList<>();
        for (Suite s : List.of(Suite.GCM128, Suite.GCM256, Suite.CBC256_SHA1, Suite.CBC256_SHA256,
                Suite.CBC256_SHA384, Suite.CBC256_SHA512)) {
            for (boolean esn : new boolean[]{false, true}) {
                for (Buffers b : Buffers.values()) a.add(Arguments.of(s, esn, b));
            }
        }
        return a.stream();
    }

    @ParameterizedTest(name = "{0} esn={1} {2}")
    @MethodSource("combinations")
    void everySizeBothFamilies(Suite suite, boolean esn, Buffers buffers) {
        Pair sa = EspTestSupport.pair(suite, esn);
        long bytes = 0;
        long packets = 0;
        for (int size = 20; size <= MAX_SIZE; size++) {
            bytes += roundTrip(sa, EspTestSupport.udp4(size), buffers);
            packets++;
            if (size >= 40) {
                bytes += roundTrip(sa, EspTestSupport.udp6(size), buffers);
                packets++;
            }
        }
        assertEquals(packets, sa.out().stats().packets());
        assertEquals(bytes, sa.out().stats().bytes());
        assertEquals(packets, sa.in().stats().packets());
        assertEquals(bytes, sa.in().stats().bytes());
        assertTrue(sa.in().stats().lastUsedNanos() != 0);
    }

    /** Suites sampled more thinly: 8 and 12 octet GCM ICVs, 128 and 192 bit keys. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("otherSuites")
    void otherSuitesAtBlockBoundaries(Suite suite) {
        for (boolean esn : new boolean[]{false, true}) {
            Pair sa = EspTestSupport.pair(suite, esn);
            for (int size = 20; size <= MAX_SIZE; size += size < 100 ? 1 : 29) {
                for (Buffers b : Buffers.values()) {
                    roundTrip(sa, EspTestSupport.udp4(size), b);
                    if (size >= 40) roundTrip(sa, EspTestSupport.udp6(size), b);
                }
            }
        }
    }

    static Stream<Suite> otherSuites() {
        return Stream.of(Suite.GCM192_12, Suite.GCM128_8, Suite.CBC128_SHA1, Suite.CBC192_SHA256);
    }

    @Test
    void largestInnerPackets() {
        for (Suite suite : Suite.values()) {
            Pair sa = EspTestSupport.pair(suite, true);
            for (Buffers b : Buffers.values()) {
                roundTrip(sa, EspTestSupport.udp4(65535), b);
                roundTrip(sa, EspTestSupport.udp6(65535 + 40), b);
            }
        }
    }

    @Test
    void outputOfExactlyMaxOpenedLengthSuffices() {
        Pair sa = EspTestSupport.pair(Suite.CBC256_SHA256, false);
        for (int size : new int[]{20, 21, 100, 1400}) {
            byte[] inner = EspTestSupport.udp4(size);
            ByteBuf esp = io.netty.buffer.Unpooled.buffer();
            assertNull(EspCodec.seal(sa.out(), io.netty.buffer.Unpooled.wrappedBuffer(inner), esp));
            int room = EspCodec.maxOpenedLength(sa.in(), esp.readableBytes());
            assertTrue(room >= size);
            ByteBuf fixed = io.netty.buffer.Unpooled.buffer(room, room);
            assertNull(EspCodec.open(sa.in(), esp, fixed));
            assertArrayEquals(inner, EspTestSupport.bytes(fixed));
        }
    }

    /** Seals, checks the ESP framing, opens, and returns the inner length. */
    static int roundTrip(Pair sa, byte[] inner, Buffers buffers) {
        ByteBuf in = buffers.of(inner);
        int reader = in.readerIndex();
        int expected = EspCodec.sealedLength(sa.out(), inner.length);
        ByteBuf esp = buffers.empty(expected);
        assertNull(EspCodec.seal(sa.out(), in, esp), "seal " + inner.length);
        assertEquals(reader, in.readerIndex(), "seal leaves the inner packet's reader index alone");
        byte[] sealed = buffers.written(esp);
        assertEquals(expected, sealed.length, "sealedLength is exact for " + inner.length);
        assertTrue(sealed.length - inner.length <= EspCodec.maxOverhead(sa.out()));
        assertEquals(sa.out().spi(), EspCodec.peekSpi(Buffers.HEAP.of(sealed)));

        ByteBuf espIn = buffers.of(sealed);
        ByteBuf out = buffers.empty(EspCodec.maxOpenedLength(sa.in(), sealed.length));
        DropReason r = EspCodec.open(sa.in(), espIn, out);
        assertNull(r, () -> "open " + inner.length + " " + hex(sealed));
        assertEquals(sealed.length, espIn.readableBytes(), "open leaves the ESP packet's indices alone");
        if (!java.util.Arrays.equals(sealed, EspTestSupport.bytes(espIn))) fail("open modified its input");
        byte[] opened = buffers.written(out);
        if (!java.util.Arrays.equals(inner, opened)) {
            assertEquals(hex(inner), hex(opened), "round trip of " + inner.length);
        }
        if (buffers == Buffers.HEAP_OFFSET) {
            byte[] prefix = new byte[Buffers.PREFIX.length];
            out.getBytes(0, prefix);
            assertArrayEquals(Buffers.PREFIX, prefix, "bytes before the writer index untouched");
        }
        return inner.length;
    }
}

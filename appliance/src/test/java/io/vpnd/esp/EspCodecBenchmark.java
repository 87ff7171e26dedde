package io.vpnd.esp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vpnd.esp.EspTestSupport.Buffers;
import io.vpnd.esp.EspTestSupport.Pair;
import io.vpnd.esp.EspTestSupport.Suite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Rough single-thread throughput of seal and open for 1400-octet inner packets. Not a JMH
 * benchmark and not run by default: {@code mvn -pl appliance test -Dtest=EspCodecBenchmark -Dvpnd.bench=true}.
 */
@EnabledIfSystemProperty(named = "vpnd.bench", matches = "true")
class EspCodecBenchmark {
    private static final int SIZE = 1400;
    private static final int RING = 1024;

    @Test
    void gcm256Heap() {
        run(Suite.GCM256, Buffers.HEAP);
    }

    @Test
    void gcm256Direct() {
        run(Suite.GCM256, Buffers.DIRECT);
    }

    @Test
    void gcm128Heap() {
        run(Suite.GCM128, Buffers.HEAP);
    }

    @Test
    void cbc256Sha256Heap() {
        run(Suite.CBC256_SHA256, Buffers.HEAP);
    }

    @Test
    void cbc256Sha1Heap() {
        run(Suite.CBC256_SHA1, Buffers.HEAP);
    }

    private static void run(Suite suite, Buffers buffers) {
        // Replay window off for the open loop, which reopens a ring of packets; the window's
        // own cost shows in the seal+open loop, which has it on.
        Pair sa = EspTestSupport.pair(suite, false, 0, SaLifetime.UNLIMITED, SaEventListener.NONE);
        Pair checked = EspTestSupport.pair(suite, false);
        ByteBuf inner = buffers.of(EspTestSupport.udp4(SIZE));
        ByteBuf esp = buffers.empty(EspCodec.sealedLength(sa.out(), SIZE));
        ByteBuf plain = buffers.empty(SIZE + 64);
        ByteBuf[] ring = new ByteBuf[RING];
        for (int i = 0; i < RING; i++) {
            ring[i] = buffers.empty(EspCodec.sealedLength(sa.out(), SIZE));
            assertNull(EspCodec.seal(sa.out(), inner, ring[i]));
        }
        for (int round = 0; round < 3; round++) {
            int n = 300_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                esp.clear();
                EspCodec.seal(sa.out(), inner, esp);
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                plain.clear();
                EspCodec.open(sa.in(), ring[i & (RING - 1)], plain);
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                esp.clear();
                plain.clear();
                EspCodec.seal(checked.out(), inner, esp);
                EspCodec.open(checked.in(), esp, plain);
            }
            long t3 = System.nanoTime();
            assertNull(EspCodec.open(sa.in(), ring[0], plain.clear()));
            System.out.printf("%-14s %-6s round %d: seal %6.2f Gbit/s (%4.0f ns/pkt)  open %6.2f Gbit/s (%4.0f ns/pkt)"
                            + "  seal+open with replay window %6.2f Gbit/s%n",
                    suite, buffers, round, gbps(n, t1 - t0), (t1 - t0) / (double) n, gbps(n, t2 - t1),
                    (t2 - t1) / (double) n, gbps(n, t3 - t2));
        }
    }

    private static double gbps(int packets, long nanos) {
        return packets * (double) SIZE * 8 / nanos;
    }
}

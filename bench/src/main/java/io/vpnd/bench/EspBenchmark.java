package io.vpnd.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vpnd.esp.EspCodec;
import io.vpnd.esp.EspSa;
import io.vpnd.esp.SaDirection;
import io.vpnd.net.DropReason;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * ESP seal and open (RFC 4303 tunnel mode) per inner packet size, as the data plane calls them:
 * heap buffers, a reused output buffer, the SA's cipher object initialised per packet. Open
 * runs over a ring of sealed packets with the replay window off (a ring replays by design); the
 * window's own cost is {@link ReplayWindowBenchmark}'s. Gbit/s of inner packets = size × 8 /
 * (ns/op).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class EspBenchmark {
    private static final int RING = 256;

    @Param({"64", "512", "1400", "8900"})
    public int size;

    @Param({"GCM128", "GCM256", "CBC256_SHA256"})
    public BenchSas.Suite suite;

    private EspSa out;
    private EspSa in;
    private ByteBuf inner;
    private ByteBuf sealed;
    private ByteBuf opened;
    private ByteBuf[] ring;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        out = BenchSas.sa(suite, SaDirection.OUTBOUND, 0x1001, 0);
        in = BenchSas.sa(suite, SaDirection.INBOUND, 0x1001, 0);
        inner = Unpooled.wrappedBuffer(BenchSas.udp4(size));
        sealed = Unpooled.buffer(EspCodec.sealedLength(out, size));
        opened = Unpooled.buffer(size + 64);
        ring = new ByteBuf[RING];
        for (int i = 0; i < RING; i++) {
            ring[i] = Unpooled.buffer(EspCodec.sealedLength(out, size));
            check(EspCodec.seal(out, inner, ring[i]));
        }
        opened.clear();
        check(EspCodec.open(in, ring[0], opened));
    }

    private static void check(DropReason r) {
        if (r != null) throw new IllegalStateException("benchmark setup dropped a packet: " + r);
    }

    @Benchmark
    public DropReason seal() {
        sealed.clear();
        return EspCodec.seal(out, inner, sealed);
    }

    @Benchmark
    public DropReason open() {
        ByteBuf esp = ring[next];
        next = (next + 1) & (RING - 1);
        opened.clear();
        return EspCodec.open(in, esp, opened);
    }
}

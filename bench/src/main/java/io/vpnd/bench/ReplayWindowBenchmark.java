package io.vpnd.bench;

import io.vpnd.esp.ReplayWindow;
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

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The anti-replay window's per-packet work, as the inbound path does it: infer the 64-bit number
 * from the wire's 32 bits, check before decryption, update after. In order (the common case),
 * reordered within the window (ECMP, multi-queue senders), and replays of recent packets.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ReplayWindowBenchmark {
    private static final int PATTERN = 1 << 16;

    @Param({"64", "1024", "65536"})
    public int window;

    @Param({"false", "true"})
    public boolean esn;

    private ReplayWindow w;
    private long seq;
    /** Offsets (within 32) by which reordered arrivals deviate from their place. */
    private int[] shuffle;
    private int i;

    @Setup(Level.Iteration)
    public void setUp() {
        w = new ReplayWindow(window, esn);
        seq = 1;
        shuffle = new int[PATTERN];
        Random rnd = new Random(1);
        for (int k = 0; k < PATTERN; k += 32) {
            int[] block = new int[32];
            for (int j = 0; j < 32; j++) block[j] = j;
            for (int j = 31; j > 0; j--) {
                int r = rnd.nextInt(j + 1);
                int t = block[j];
                block[j] = block[r];
                block[r] = t;
            }
            System.arraycopy(block, 0, shuffle, k, 32);
        }
        i = 0;
    }

    private ReplayWindow.Verdict accept(long n) {
        long s = w.infer((int) n);
        ReplayWindow.Verdict v = w.check(s);
        return v == ReplayWindow.Verdict.OK ? w.update(s) : v;
    }

    @Benchmark
    public ReplayWindow.Verdict inOrder() {
        return accept(seq++);
    }

    @Benchmark
    public ReplayWindow.Verdict reorderedWithin32() {
        int k = i++ & (PATTERN - 1);
        long n = (seq & ~31L) + shuffle[k] + 1;
        seq++;
        return accept(n);
    }

    @Benchmark
    public ReplayWindow.Verdict replayOfRecent() {
        if (seq < 64) return accept(seq++);
        return accept(seq - 1 - (i++ & 31)); // always seen: rejected by the check
    }
}

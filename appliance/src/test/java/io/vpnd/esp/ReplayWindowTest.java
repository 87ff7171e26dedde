package io.vpnd.esp;

import io.vpnd.esp.ReplayWindow.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class ReplayWindowTest {

    static Stream<Arguments> cases() {
        return EspTestSupport.resourceLines("replay-window-cases.csv").stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split(";"))
                .map(f -> Arguments.of(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2].equals("y"), f[3], f[4]));
    }

    @ParameterizedTest(name = "case {0}: {4}")
    @MethodSource("cases")
    void caseTable(int number, int size, boolean esn, String steps, String what) {
        ReplayWindow w = new ReplayWindow(size, esn);
        int n = 0;
        for (String step : steps.trim().split("\\s+")) {
            n++;
            String where = "case " + number + " step " + n + " (" + step + ")";
            if (step.startsWith("@")) {
                assertEquals(Verdict.OK, w.update(Long.parseUnsignedLong(step.substring(1).replace("0x", ""), 16)), where);
                continue;
            }
            String[] sv = step.split(":");
            String[] wf = sv[0].split("=");
            long seq = w.infer((int) parse(wf[0]));
            if (wf.length > 1) {
                assertEquals(Long.toHexString(parse(wf[1])), Long.toHexString(seq), where + ": inferred");
            }
            Verdict expected = Verdict.valueOf(sv[1]);
            assertEquals(expected, w.check(seq), where + ": check");
            assertEquals(expected, w.update(seq), where + ": update");
        }
    }

    private static long parse(String s) {
        return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }

    @Test
    void bitmapIsWholeBlocksPlusASparePowerOfTwo() {
        assertEquals(2048, new ReplayWindow(1024, false).bitmapBits(), "16 blocks + 1 spare, rounded to 32");
        assertEquals(128, new ReplayWindow(64, false).bitmapBits());
        assertEquals(128, new ReplayWindow(1, false).bitmapBits());
        assertEquals(256, new ReplayWindow(100, true).bitmapBits());
        assertEquals(0, new ReplayWindow(0, false).bitmapBits());
        assertEquals(1024, new ReplayWindow(ReplayWindow.DEFAULT_SIZE, false).size());
    }

    @Test
    void rejectsImpossibleSizes() {
        assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(-1, false));
        assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(ReplayWindow.MAX_SIZE + 1, false));
    }

    @Test
    void updateChecksAgainBecauseAnotherThreadMayHaveWon() {
        ReplayWindow w = new ReplayWindow(64, false);
        assertEquals(Verdict.OK, w.check(7));
        assertEquals(Verdict.OK, w.check(7), "both copies pass the pre-ICV check");
        assertEquals(Verdict.OK, w.update(7));
        assertEquals(Verdict.REPLAY, w.update(7), "only the first authentic copy is taken");
        assertEquals(7, w.highest());
    }

    /** The bitmap agrees with a plain set of seen numbers over long random walks, block wraps included. */
    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 65, 100, 1024, 4000})
    void agreesWithASetModel(int size) {
        Random r = new Random(size * 31L + 7);
        ReplayWindow w = new ReplayWindow(size, false);
        Set<Long> seen = new HashSet<>();
        long top = 0;
        long base = 1_000_000L;
        for (int i = 0; i < 50_000; i++) {
            long seq;
            int kind = r.nextInt(10);
            if (kind < 5) {
                seq = base + r.nextInt(3 * size + 3);             // around the window
            } else if (kind < 8) {
                seq = Math.max(1, top - r.nextInt(size + 130));   // just inside / outside the left edge
            } else {
                base += r.nextInt(4 * size + 200);                 // jumps of up to several bitmaps
                seq = base;
            }
            Verdict expected;
            if (seq > top) {
                expected = Verdict.OK;
            } else if (top - seq >= size) {
                expected = Verdict.TOO_OLD;
            } else {
                expected = seen.contains(seq) ? Verdict.REPLAY : Verdict.OK;
            }
            assertEquals(expected, w.check(seq), "check " + seq + " top " + top);
            boolean commit = r.nextInt(4) != 0; // sometimes the ICV "fails": no update
            if (commit) {
                assertEquals(expected, w.update(seq), "update " + seq);
                if (expected == Verdict.OK) {
                    seen.add(seq);
                    top = Math.max(top, seq);
                }
            }
        }
    }

    @Test
    void concurrentUpdatesAcceptEachNumberAtMostOnce() throws Exception {
        // Without ESN: with it, a lagging thread's old numbers would read as the next 2^32
        // subspace (RFC 4303 A2) and pass, as they do until the ICV check rejects them.
        ReplayWindow w = new ReplayWindow(1024, false);
        int threads = 4;
        int perThread = 20_000;
        ConcurrentHashMap<Long, AtomicInteger> accepted = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (long s = 1; s <= perThread; s++) {
                    long seq = w.infer((int) s);
                    if (w.check(seq) == Verdict.OK && w.update(seq) == Verdict.OK) {
                        accepted.computeIfAbsent(seq, k -> new AtomicInteger()).incrementAndGet();
                    }
                }
            });
            ts[t].start();
        }
        start.countDown();
        for (Thread t : ts) {
            t.join(60_000);
            assertFalse(t.isAlive());
        }
        accepted.forEach((seq, n) -> assertEquals(1, n.get(), "sequence " + seq + " accepted " + n + " times"));
        assertTrue(accepted.size() >= perThread / 2, "most numbers accepted once: " + accepted.size());
        assertEquals(perThread, w.highest());
    }
}

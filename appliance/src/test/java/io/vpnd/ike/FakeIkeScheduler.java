package io.vpnd.ike;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * A deterministic {@link IkeScheduler} for tests: time moves only when the test says so, and
 * everything runs on the test's thread. {@link #runPending} runs queued tasks;
 * {@link #advance} moves the clock and runs each timer that falls due, in order.
 */
public final class FakeIkeScheduler implements IkeScheduler {
    private record Entry(long dueNanos, long seq, Runnable task, boolean[] cancelled) {
    }

    private final PriorityQueue<Entry> timers = new PriorityQueue<>((a, b) ->
            a.dueNanos != b.dueNanos ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.seq, b.seq));
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final Instant epoch = Instant.parse("2026-01-01T00:00:00Z");
    private long nowNanos;
    private long seq;

    @Override
    public Instant now() {
        return epoch.plusNanos(nowNanos);
    }

    @Override
    public long nanoTime() {
        return nowNanos;
    }

    @Override
    public void execute(Runnable task) {
        ready.add(task);
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        timers.add(new Entry(nowNanos + Math.max(0, delay.toNanos()), seq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override
    public boolean inIkeThread() {
        return true;
    }

    /** Runs tasks queued with {@link #execute} (and what they queue) until none are left; bounded. */
    public void runPending() {
        for (int i = 0; i < 100_000 && !ready.isEmpty(); i++) ready.poll().run();
        if (!ready.isEmpty()) throw new AssertionError("tasks keep queueing tasks: a livelock?");
    }

    /** Moves the clock forward by {@code d}, running due timers and queued tasks in time order. */
    public void advance(Duration d) {
        long target = nowNanos + d.toNanos();
        runPending();
        for (int i = 0; i < 1_000_000; i++) {
            Entry e = timers.peek();
            if (e == null || e.dueNanos > target) break;
            timers.poll();
            nowNanos = Math.max(nowNanos, e.dueNanos);
            if (!e.cancelled[0]) e.task.run();
            runPending();
        }
        nowNanos = target;
    }

    /** Timers not yet due and not cancelled. */
    public long pendingTimers() {
        return timers.stream().filter(e -> !e.cancelled[0]).count();
    }
}

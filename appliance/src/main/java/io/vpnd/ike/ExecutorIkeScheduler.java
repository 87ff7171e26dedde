package io.vpnd.ike;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The production {@link IkeScheduler}: one daemon thread named {@code vpnd-ike}. */
public final class ExecutorIkeScheduler implements IkeScheduler, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ExecutorIkeScheduler.class.getName());
    private final ScheduledExecutorService executor;
    private volatile Thread thread;

    public ExecutorIkeScheduler() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vpnd-ike");
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(guarded(task));
    }

    @Override
    public Timer schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public boolean inIkeThread() {
        return Thread.currentThread() == thread;
    }

    /** A bug in one task must not kill the thread that runs every IKE SA. */
    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | AssertionError e) {
                LOG.log(System.Logger.Level.ERROR, "IKE task failed", e);
            }
        };
    }

    /** Runs {@code task} on the IKE thread and waits for it (for shutdown). */
    public void runAndWait(Runnable task, Duration timeout) {
        try {
            executor.submit(task).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "IKE task did not finish within " + timeout + ": " + e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

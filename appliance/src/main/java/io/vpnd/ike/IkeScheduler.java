package io.vpnd.ike;

import java.time.Duration;
import java.time.Instant;

/**
 * The single thread all IKE work runs on, with its clock and timers. Production uses
 * {@link ExecutorIkeScheduler}; tests drive a fake clock so that retransmits, rekeys and DPD can
 * be stepped through without sleeping.
 */
public interface IkeScheduler {
    /** Current time on this scheduler's clock. */
    Instant now();

    /** Monotonic nanoseconds, for measuring round-trip times. */
    long nanoTime();

    /** Runs {@code task} on the IKE thread as soon as possible. */
    void execute(Runnable task);

    /** Runs {@code task} on the IKE thread after {@code delay}. */
    Timer schedule(Duration delay, Runnable task);

    /** True when called on the IKE thread. */
    boolean inIkeThread();

    /** A scheduled task that may still be cancelled. */
    interface Timer {
        /** Cancels the task if it has not run; idempotent. */
        void cancel();
    }
}

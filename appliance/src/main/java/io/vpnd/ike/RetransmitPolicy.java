package io.vpnd.ike;

import java.time.Duration;

/**
 * When to resend an unanswered request and when to give up, as strongSwan's
 * {@code retransmit_timeout}/{@code retransmit_base}/{@code retransmit_tries}: the n-th resend
 * waits {@code timeout * base^n}; after {@code tries} resends the exchange has failed. The
 * defaults (4 s, 1.8, 5) give up after about 165 s, strongSwan's behaviour.
 */
public record RetransmitPolicy(Duration timeout, double base, int tries) {
    public static final RetransmitPolicy DEFAULT = new RetransmitPolicy(Duration.ofSeconds(4), 1.8, 5);

    public RetransmitPolicy {
        if (timeout.isNegative() || timeout.isZero() || base < 1.0 || tries < 0) {
            throw new IllegalArgumentException("bad retransmit policy");
        }
    }

    /** How long to wait after transmission number {@code attempt} (0 = the first send). */
    public Duration delay(int attempt) {
        return Duration.ofNanos((long) (timeout.toNanos() * Math.pow(base, attempt)));
    }

    /** Total time from first send to giving up. */
    public Duration giveUpAfter() {
        Duration d = Duration.ZERO;
        for (int i = 0; i <= tries; i++) d = d.plus(delay(i));
        return d;
    }
}

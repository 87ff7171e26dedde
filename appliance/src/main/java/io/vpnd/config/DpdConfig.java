package io.vpnd.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Dead peer detection (RFC 7296 §2.4): after {@code interval} without traffic from the peer,
 * send an empty INFORMATIONAL; if nothing comes back within {@code timeout}, apply {@code action}.
 */
public record DpdConfig(Duration interval, Duration timeout, DpdAction action) {
    public static final DpdConfig DEFAULT =
            new DpdConfig(Duration.ofSeconds(10), Duration.ofSeconds(30), DpdAction.RESTART);

    public DpdConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(action, "action");
    }

    /** What to do with a dead peer (strongSwan's dpd_action). */
    public enum DpdAction {
        /** Close the tunnel's SAs and leave it down. */
        CLEAR,
        /** Close the SAs and initiate again at once. */
        RESTART,
        /** No liveness checks. */
        NONE
    }
}

package io.vpnd.config;

import io.vpnd.crypto.Proposal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * IKE SA settings of a tunnel. A rekey (or reauthentication when {@code reauth}) starts
 * {@code rekeyMargin} plus a random part of up to {@code rekeyFuzzPercent} of the margin before
 * {@code lifetime} ends, as in strongSwan (see {@link #rekeyAfter}).
 */
public record IkeSaConfig(List<Proposal> proposals, Duration lifetime, Duration rekeyMargin,
                          int rekeyFuzzPercent, boolean reauth) {
    public static final List<String> DEFAULT_PROPOSALS =
            List.of("aes256gcm16-prfsha256-ecp256", "aes256-sha256-modp2048");
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(8);
    public static final Duration DEFAULT_REKEY_MARGIN = Duration.ofMinutes(9);
    public static final int DEFAULT_REKEY_FUZZ_PERCENT = 10;

    public IkeSaConfig {
        proposals = List.copyOf(proposals);
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(rekeyMargin, "rekeyMargin");
    }

    /** When to rekey after establishment, for a uniform {@code random} in [0, 1). */
    public Duration rekeyAfter(double random) {
        return RekeyTiming.rekeyAfter(lifetime, rekeyMargin, rekeyFuzzPercent, random);
    }
}

package io.vpnd.config;

import io.vpnd.crypto.Proposal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Child SA (ESP) settings of a tunnel. Rekey timing as in {@link IkeSaConfig}.
 *
 * @param proposals        acceptable proposals in preference order; a group in them means PFS
 * @param lifetime         hard time limit of a Child SA
 * @param rekeyMargin      how long before {@code lifetime} the rekey starts
 * @param rekeyFuzzPercent random extra margin, percent of {@code rekeyMargin}
 * @param lifeBytes        volume limit in octets, 0 = none
 * @param lifePackets      volume limit in packets, 0 = none
 * @param replayWindow     anti-replay window in packets, 0 = replay check off
 */
public record EspConfig(List<Proposal> proposals, Duration lifetime, Duration rekeyMargin, int rekeyFuzzPercent,
                        long lifeBytes, long lifePackets, int replayWindow) {
    public static final List<String> DEFAULT_PROPOSALS = List.of("aes256gcm16", "aes256-sha256");
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    public static final Duration DEFAULT_REKEY_MARGIN = Duration.ofMinutes(9);
    public static final int DEFAULT_REKEY_FUZZ_PERCENT = 10;
    public static final int DEFAULT_REPLAY_WINDOW = 1024;
    public static final int MAX_REPLAY_WINDOW = 1_048_576;

    public EspConfig {
        proposals = List.copyOf(proposals);
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(rekeyMargin, "rekeyMargin");
    }

    /** When to rekey after establishment, for a uniform {@code random} in [0, 1). */
    public Duration rekeyAfter(double random) {
        return RekeyTiming.rekeyAfter(lifetime, rekeyMargin, rekeyFuzzPercent, random);
    }
}

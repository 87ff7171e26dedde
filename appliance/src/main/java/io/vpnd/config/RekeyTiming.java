package io.vpnd.config;

import java.time.Duration;

/** strongSwan's rekey time: lifetime - margin - random * margin * fuzz. */
final class RekeyTiming {
    private RekeyTiming() { }

    static Duration rekeyAfter(Duration lifetime, Duration margin, int fuzzPercent, double random) {
        if (random < 0 || random >= 1) throw new IllegalArgumentException("random must be in [0, 1)");
        long marginMillis = margin.toMillis();
        long fuzzMillis = (long) (marginMillis * (fuzzPercent / 100.0) * random);
        return lifetime.minusMillis(marginMillis + fuzzMillis);
    }

    /** The earliest rekey time is still after establishment. */
    static boolean fits(Duration lifetime, Duration margin, int fuzzPercent) {
        return margin.toMillis() + margin.toMillis() * fuzzPercent / 100 < lifetime.toMillis();
    }
}

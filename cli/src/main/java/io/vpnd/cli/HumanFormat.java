package io.vpnd.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Numbers as an admin reads them: IEC byte sizes, short counts, compact durations. */
final class HumanFormat {

    private static final String[] BYTE_UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final String[] COUNT_UNITS = {"k", "M", "G", "T", "P", "E"};

    private HumanFormat() {
    }

    /** {@code 512 B}, {@code 1.50 KiB}, {@code 12.3 MiB}, {@code 339 MiB}, {@code 1.21 GiB}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double value = n;
        int unit = -1;
        // 1023.5 and up would print as "1024": show the next unit instead
        while (value >= 1023.5 && unit < BYTE_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return threeDigits(value) + " " + BYTE_UNITS[unit];
    }

    /** Exact below 10000, then {@code 12.3k}, {@code 1.23M}. */
    static String count(long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        double value = n;
        int unit = -1;
        while (value >= 999.5 && unit < COUNT_UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return threeDigits(value) + COUNT_UNITS[unit];
    }

    private static String threeDigits(double value) {
        // pick decimals from the rounded value, so 9.996 shows as "10.0", not "10.00"
        if (Double.parseDouble(String.format(Locale.ROOT, "%.2f", value)) < 10) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        if (Double.parseDouble(String.format(Locale.ROOT, "%.1f", value)) < 100) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.0f", value);
    }

    /** {@code 45s}, {@code 12m03s}, {@code 3h12m}, {@code 2d04h}; negative durations count as zero. */
    static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, (s % 86_400) / 3600);
    }

    /** Time from an ISO-8601 instant to {@code now}, or null if the text is not an instant. */
    static Duration since(String isoInstant, Instant now) {
        if (isoInstant == null || isoInstant.isEmpty()) {
            return null;
        }
        try {
            return Duration.between(Instant.parse(isoInstant), now);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

package io.vpnd.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the config writes them: {@code 30s}, {@code 9m}, {@code 8h}, {@code 1d} and
 * combinations in that order ({@code 1h30m}); a bare number is seconds, as in strongSwan.
 */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)([dhms])");
    private static final String UNITS = "dhms";

    private Durations() { }

    /** @throws IllegalArgumentException with a message quoting the text and showing the syntax */
    public static Duration parse(String text) {
        String s = text.strip();
        String bad = "\"" + text + "\" is not a duration (use e.g. 30s, 9m, 8h, 1d)";
        try {
            if (s.matches("\\d{1,12}")) return Duration.ofSeconds(Long.parseLong(s));
            if (s.isEmpty() || !s.matches("(\\d{1,12}[dhms])+")) throw new IllegalArgumentException(bad);
            Matcher m = PART.matcher(s);
            long seconds = 0;
            int lastUnit = -1;
            while (m.find()) {
                int unit = UNITS.indexOf(m.group(2));
                if (unit <= lastUnit) {
                    throw new IllegalArgumentException("\"" + text + "\" is not a duration"
                            + " (write each unit once, largest first, e.g. 1h30m)");
                }
                lastUnit = unit;
                long n = Long.parseLong(m.group(1));
                long factor = switch (m.group(2)) {
                    case "d" -> 86_400;
                    case "h" -> 3_600;
                    case "m" -> 60;
                    default -> 1;
                };
                seconds = Math.addExact(seconds, Math.multiplyExact(n, factor));
            }
            return Duration.ofSeconds(seconds);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("\"" + text + "\" is too long a duration");
        }
    }

    /** The shortest config form of a whole-second duration: {@code 1h30m}, {@code 0s}. */
    public static String format(Duration duration) {
        long s = duration.getSeconds();
        if (s == 0) return "0s";
        StringBuilder b = new StringBuilder();
        if (s < 0) {
            b.append('-');
            s = -s;
        }
        long[] sizes = {86_400, 3_600, 60, 1};
        for (int i = 0; i < sizes.length; i++) {
            if (s >= sizes[i]) {
                b.append(s / sizes[i]).append(UNITS.charAt(i));
                s %= sizes[i];
            }
        }
        return b.toString();
    }
}

package io.vpnd.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Finds the valid word an admin probably meant, for "did you mean" hints. */
final class Suggestions {
    private Suggestions() { }

    /**
     * The candidate equal to {@code given} up to case, {@code _} and {@code -} ({@code rekey_margin}
     * for {@code rekeyMargin}), else the one within a small edit distance, else empty.
     */
    static Optional<String> closest(String given, Collection<String> candidates) {
        String norm = normalize(given);
        for (String c : candidates) {
            if (normalize(c).equals(norm)) return Optional.of(c);
        }
        int limit = Math.max(1, Math.min(3, given.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = editDistance(given.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return bestDistance <= limit ? Optional.ofNullable(best) : Optional.empty();
    }

    /** {@code (did you mean "x"?)} with a leading space, or the empty string. */
    static String hint(String given, Collection<String> candidates) {
        return closest(given, candidates).map(c -> " (did you mean \"" + c + "\"?)").orElse("");
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}

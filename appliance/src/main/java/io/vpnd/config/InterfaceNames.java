package io.vpnd.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Gives every tunnel a unique TUN interface name: the one written in {@code interface.name}, or
 * one derived from the tunnel name (truncated to 15 characters, with {@code -2}, {@code -3}...
 * when two would clash).
 */
final class InterfaceNames {
    static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1," + InterfaceConfig.MAX_NAME_LENGTH + "}");
    private static final String FALLBACK = "vpnd-tunnel";

    private final Problems problems;

    InterfaceNames(Problems problems) {
        this.problems = problems;
    }

    /** Checks that a written name is usable as a Linux interface name. */
    static String parse(String text) {
        String s = text.strip();
        if (!VALID.matcher(s).matches() || s.equals(".") || s.equals("..")) {
            throw new IllegalArgumentException("\"" + text + "\" is not a valid interface name (1.."
                    + InterfaceConfig.MAX_NAME_LENGTH + " characters of A-Z a-z 0-9 . _ -, not . or ..)");
        }
        return s;
    }

    /** Tunnel name to interface name, reporting explicit names used twice. */
    Map<String, String> assign(List<TunnelBinder> tunnels) {
        Map<String, String> result = new LinkedHashMap<>();
        Map<String, String> ownerOf = new HashMap<>();
        for (TunnelBinder t : tunnels) {
            Field<String> name = t.interfaceName();
            if (name == null || !name.given() || !name.ok()) continue;
            String owner = ownerOf.putIfAbsent(name.value(), t.name());
            if (owner != null) {
                problems.add(name.mark(), name.path(), "interface name \"" + name.value()
                        + "\" is already used by tunnel " + owner);
            }
            result.put(t.name(), name.value());
        }
        Set<String> used = new HashSet<>(ownerOf.keySet());
        for (TunnelBinder t : tunnels) {
            if (result.containsKey(t.name())) continue;
            String derived = derive(t.name(), used, tunnels.size());
            used.add(derived);
            result.put(t.name(), derived);
        }
        return result;
    }

    private static String derive(String tunnelName, Set<String> used, int tunnelCount) {
        String base = tunnelName.length() > InterfaceConfig.MAX_NAME_LENGTH
                ? tunnelName.substring(0, InterfaceConfig.MAX_NAME_LENGTH) : tunnelName;
        if (!VALID.matcher(base).matches() || base.equals(".") || base.equals("..")) base = FALLBACK;
        String candidate = base;
        // at most one candidate per other tunnel can be taken, so this ends
        for (int n = 2; used.contains(candidate) && n <= tunnelCount + 2; n++) {
            String suffix = "-" + n;
            candidate = base.substring(0, Math.min(base.length(), InterfaceConfig.MAX_NAME_LENGTH - suffix.length()))
                    + suffix;
        }
        return candidate;
    }
}

package io.vpnd.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of a systemd unit file that a test needs to start a service's command exactly as
 * systemd would: every {@code Key=value} of every section, in order (keys may repeat).
 */
final class UnitFile {
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private UnitFile() {
    }

    static UnitFile read(Path file) throws IOException {
        UnitFile u = new UnitFile();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") || line.startsWith("[")) continue;
            int eq = line.indexOf('=');
            if (eq < 0) continue;
            u.values.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
                    .add(line.substring(eq + 1).strip());
        }
        return u;
    }

    /** The single value of {@code key}. */
    String one(String key) {
        List<String> v = values.getOrDefault(key, List.of());
        if (v.size() != 1) throw new AssertionError("expected one " + key + "= in the unit, found " + v);
        return v.get(0);
    }

    List<String> all(String key) {
        return values.getOrDefault(key, List.of());
    }

    /** A command line (ExecStart=): split on spaces, as long as no argument is quoted. */
    List<String> command(String key) {
        String c = one(key);
        if (c.contains("\"") || c.contains("'")) throw new AssertionError("quoted arguments not supported: " + c);
        return Arrays.asList(c.split("\\s+"));
    }

    /** NAME=value pairs of the unit's Environment= lines ({@code Environment="A=b c"}). */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String e : all("Environment")) {
            String s = e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
            int eq = s.indexOf('=');
            env.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return env;
    }

    /** CAP_NET_ADMIN CAP_NET_BIND_SERVICE as setpriv writes them: +net_admin,+net_bind_service. */
    String capabilitiesForSetpriv(String key) {
        List<String> caps = new ArrayList<>();
        for (String c : one(key).split("\\s+")) caps.add("+" + c.toLowerCase(Locale.ROOT).replaceFirst("^cap_", ""));
        return String.join(",", caps);
    }
}

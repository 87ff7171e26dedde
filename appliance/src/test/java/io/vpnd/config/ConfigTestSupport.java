package io.vpnd.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Writes config text to a file and asserts on the problems the loader reports. */
final class ConfigTestSupport {
    /** A valid tunnel body to which tests add or change keys; 4-space indented under its name. */
    static final String MINIMAL_TUNNEL = """
                local:
                  address: 192.0.2.1
                remote:
                  address: 192.0.2.2
                auth:
                  psk: "a-long-enough-test-secret"
            """;

    private ConfigTestSupport() { }

    static Path write(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("vpnd.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    static VpndConfig load(Path dir, String yaml) throws Exception {
        return ConfigLoader.load(write(dir, yaml));
    }

    static ConfigException fails(Path dir, String yaml) throws IOException {
        Path file = write(dir, yaml);
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    }

    /** Asserts that exactly one problem was reported, with this location, key path and message text. */
    static ConfigException.Problem single(Path dir, String yaml, int line, int column, String keyPath,
                                          String messagePart) throws IOException {
        ConfigException e = fails(dir, yaml);
        assertEquals(1, e.problems().size(), "expected one problem, got:\n" + e.getMessage());
        ConfigException.Problem p = e.problems().get(0);
        String file = dir.resolve("vpnd.yaml").toString();
        String expectedPrefix = file + ":" + line + ":" + column + ": " + (keyPath.isEmpty() ? "" : keyPath + ": ");
        assertTrue(e.getMessage().startsWith(expectedPrefix),
                "message should start with\n  " + expectedPrefix + "\nbut was\n  " + e.getMessage());
        assertTrue(p.message().contains(messagePart),
                "problem should contain \"" + messagePart + "\" but was \"" + p.message() + "\"");
        return p;
    }

    /** Asserts that some problem has this location, path and text. */
    static void has(ConfigException e, int line, int column, String keyPath, String messagePart) {
        for (ConfigException.Problem p : e.problems()) {
            if (p.line() == line && p.column() == column && p.keyPath().equals(keyPath)
                    && p.message().contains(messagePart)) {
                return;
            }
        }
        fail("no problem " + line + ":" + column + " " + keyPath + " containing \"" + messagePart + "\" in:\n"
                + e.getMessage());
    }

    /** A config with one tunnel "t1" whose body is {@code body} (lines indented by 4). */
    static String tunnel(String body) {
        return "tunnels:\n  t1:\n" + body;
    }
}

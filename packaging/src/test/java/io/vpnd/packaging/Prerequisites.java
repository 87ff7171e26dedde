package io.vpnd.packaging;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the packaging tests need from the machine. On a laptop a missing prerequisite skips the
 * test; with {@code CI=true} it fails it, so CI can never pass by skipping.
 */
final class Prerequisites {
    private Prerequisites() {
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (laptop) or fails (CI) unless {@code condition} holds. */
    static void require(boolean condition, String what) {
        if (condition) return;
        if (inCi()) Assertions.fail("CI=true but a prerequisite is missing: " + what);
        Assumptions.assumeTrue(false, "skipped, missing: " + what);
    }

    static void requireCommand(String name) {
        require(onPath(name), "the command '" + name + "' (scripts/lib/deps.sh installs it)");
    }

    static void requireRoot() {
        require("root".equals(System.getProperty("user.name")), "root");
    }

    static boolean onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, name))) return true;
        }
        return false;
    }

    /** The checkout this module belongs to. */
    static Path repo() {
        String p = System.getProperty("vpnd.repo");
        Path here = Path.of("").toAbsolutePath();
        return (p != null ? Path.of(p) : Files.exists(here.resolve("systemd")) ? here : here.getParent())
                .toAbsolutePath().normalize();
    }
}

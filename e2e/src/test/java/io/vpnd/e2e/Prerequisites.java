package io.vpnd.e2e;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What end-to-end tests need from the machine. On a laptop a missing prerequisite skips the
 * test; with {@code CI=true} it fails it, so CI can never pass by skipping.
 */
public final class Prerequisites {
    private Prerequisites() {
    }

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips (laptop) or fails (CI) unless {@code condition} holds. */
    public static void require(boolean condition, String what) {
        if (condition) return;
        if (inCi()) Assertions.fail("CI=true but a prerequisite is missing: " + what);
        Assumptions.assumeTrue(false, "skipped, missing: " + what);
    }

    /** Root, network namespaces and TUN devices. */
    public static void requireNetnsAndTun() {
        require("root".equals(System.getProperty("user.name")), "root (network namespaces, TUN devices)");
        require(Files.exists(Path.of("/dev/net/tun")), "/dev/net/tun");
        requireCommand("ip");
    }

    /** A program on the PATH. */
    public static void requireCommand(String name) {
        require(onPath(name), "the command '" + name + "' (scripts/lib/deps.sh installs it)");
    }

    /** The launchers and what {@code mvn package} built. */
    public static Path requireBuiltVpnd() {
        Path home = VpndHome.path();
        require(Files.isRegularFile(home.resolve("appliance/target/vpnd-appliance.jar")),
                "appliance/target/vpnd-appliance.jar (run mvn package first)");
        require(Files.isRegularFile(home.resolve("cli/target/vpnd-cli.jar")), "cli/target/vpnd-cli.jar");
        return home;
    }

    static boolean onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, name))) return true;
        }
        return false;
    }
}

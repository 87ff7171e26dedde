package io.vpnd.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout whose {@code bin/vpnd} and {@code bin/vpnctl} end-to-end tests run. */
public final class VpndHome {
    private VpndHome() {
    }

    public static Path path() {
        String prop = System.getProperty("vpnd.home");
        if (prop != null) return Path.of(prop).toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        // run from the appliance module (surefire/failsafe) or from the repository root
        return Files.exists(here.resolve("bin/vpnd")) ? here : here.getParent();
    }
}

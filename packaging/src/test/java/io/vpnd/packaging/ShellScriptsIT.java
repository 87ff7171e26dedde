package io.vpnd.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * shellcheck on every shell script the package and the AMI run as root: the maintainer scripts
 * and launchers (POSIX sh, as dpkg runs them with /bin/sh) and the user data's bootstrap script.
 */
class ShellScriptsIT {
    @TempDir
    Path dir;

    @Test
    void maintainerScriptsLaunchersAndUserDataPassShellcheck() throws Exception {
        Prerequisites.requireCommand("shellcheck");
        Path deb = Prerequisites.repo().resolve("packaging/src/deb");
        List<String> command = new ArrayList<>(List.of("shellcheck", "--shell=sh", "--severity=style"));
        for (String f : List.of("control/postinst", "control/prerm", "control/postrm", "bin/vpnd", "bin/vpnctl")) {
            command.add(deb.resolve(f).toString());
        }
        JsonNode userData = new ObjectMapper(new YAMLFactory())
                .readTree(Prerequisites.repo().resolve("packaging/ami/user-data.yaml").toFile());
        JsonNode step = userData.path("runcmd").path(0);
        assertEquals("sh", step.path(0).asText(), "the first runcmd step is the bootstrap script: " + step);
        Path bootstrap = dir.resolve("user-data-runcmd.sh");
        Files.writeString(bootstrap, "#!/bin/sh\n" + step.path(2).asText());
        command.add(bootstrap.toString());

        Cmd.Result r = Cmd.run(Duration.ofSeconds(60), command);
        assertEquals(0, r.exit(), "shellcheck:\n" + r.out() + r.err());
    }
}

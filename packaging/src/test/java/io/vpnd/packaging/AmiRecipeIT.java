package io.vpnd.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AMI recipe with the tools that will run it, offline: {@code packer validate} on the
 * template with the .deb just built, and {@code cloud-init schema} on the user data.
 *
 * <p>Debian 12's packer is 1.6.6, from before plugins: it knows the amazon-ebs builder but not
 * the {@code required_plugins} block that Packer 1.7+ needs, so with it the template is
 * validated without plugins.pkr.hcl, whose syntax {@code packer fmt -check} still checks.
 * cloud-init is not installed here (its package enables boot-time services); scripts/lib/deps.sh
 * unpacks it to {@value #CLOUD_INIT_ROOT} for its schema validator.
 */
class AmiRecipeIT {
    static final String CLOUD_INIT_ROOT = "/opt/vpnd-tools/cloud-init";
    private static final Duration T = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void packerValidatesTheTemplateWithTheBuiltDeb() throws Exception {
        Prerequisites.requireCommand("packer");
        Path ami = Prerequisites.repo().resolve("packaging/ami");
        Cmd.Result version = packer(List.of("packer", "version"));
        Matcher m = Pattern.compile("v(\\d+)\\.(\\d+)").matcher(version.ok().out());
        assertTrue(m.find(), version.out());
        boolean plugins = Integer.parseInt(m.group(1)) > 1 || Integer.parseInt(m.group(2)) >= 7;

        Cmd.Result fmt = packer(List.of("packer", "fmt", "-check", "-diff", ami.toString()));
        assertEquals(0, fmt.exit(), "packer fmt -check (syntax and layout):\n" + fmt.out() + fmt.err());

        Path template = ami;
        if (!plugins) {
            template = dir.resolve("template");
            Files.createDirectory(template);
            Files.copy(ami.resolve("vpnd.pkr.hcl"), template.resolve("vpnd.pkr.hcl"));
        }
        Cmd.Result validate = packer(List.of("packer", "validate", "-var", "deb=" + findDeb(), template.toString()));
        assertEquals(0, validate.exit(), "packer validate:\n" + validate.out() + validate.err());

        Cmd.Result missingDeb = packer(List.of("packer", "validate", "-var", "deb=" + dir.resolve("none.deb"),
                template.toString()));
        assertTrue(missingDeb.exit() != 0 && (missingDeb.out() + missingDeb.err()).contains("none.deb"),
                "validate really looks at the provisioners: " + missingDeb.out() + missingDeb.err());
    }

    @Test
    void cloudInitAcceptsTheUserData() {
        Path userData = Prerequisites.repo().resolve("packaging/ami/user-data.yaml");
        List<String> command = new ArrayList<>();
        if (Prerequisites.onPath("cloud-init")) {
            command.add("cloud-init");
        } else {
            Prerequisites.require(Files.isRegularFile(Path.of(CLOUD_INIT_ROOT, "usr/bin/cloud-init")),
                    "cloud-init, installed or unpacked to " + CLOUD_INIT_ROOT + " (scripts/lib/deps.sh does it)");
            // Debian's python with Debian's python3-* modules, whatever python3 comes first on the PATH
            command.addAll(List.of("env", "PYTHONPATH=" + CLOUD_INIT_ROOT + "/usr/lib/python3/dist-packages",
                    "/usr/bin/python3", CLOUD_INIT_ROOT + "/usr/bin/cloud-init"));
        }
        command.addAll(List.of("schema", "--config-file", userData.toString()));
        Cmd.Result r = Cmd.run(T, command);
        assertEquals(0, r.exit(), "cloud-init schema:\n" + r.out() + r.err());
        assertTrue(r.out().contains("Valid cloud-config"), r.out());
    }

    /** Packer offline: no version check against HashiCorp's servers, no state in the real home. */
    private Cmd.Result packer(List<String> args) throws IOException {
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        List<String> c = new ArrayList<>(List.of("env", "CHECKPOINT_DISABLE=1", "HOME=" + home,
                "PACKER_CONFIG_DIR=" + home));
        c.addAll(args);
        return Cmd.run(T, c);
    }

    private static Path findDeb() throws IOException {
        Path target = Path.of(System.getProperty("vpnd.debDirectory", "target"));
        try (Stream<Path> s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().matches("vpnd_.+_amd64\\.deb"))
                    .max(Comparator.comparingLong(p -> p.toFile().lastModified()))
                    .orElseThrow(() -> new AssertionError("no vpnd_*_amd64.deb in " + target));
        }
    }
}

package io.vpnd.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real strongSwan (charon-systemd with kernel-libipsec: userspace ESP over a TUN, since kernel
 * XFRM is not available here) in a namespace, with its own strongswan.conf, swanctl.conf, vici
 * socket and log in a private directory. Stopped by pid.
 */
public final class StrongSwan implements AutoCloseable {
    private static final Duration T = Duration.ofSeconds(30);
    private final String netns;
    private final Path dir;
    private final Process process;

    private StrongSwan(String netns, Path dir, Process process) {
        this.netns = netns;
        this.dir = dir;
        this.process = process;
    }

    /**
     * Starts charon in {@code netns} and loads {@code swanctlConf}.
     *
     * @param files extra files below the swanctl directory (e.g. {@code x509/left.pem}, {@code private/left.key})
     */
    public static StrongSwan start(String netns, Path dir, String swanctlConf, Map<String, String> files) throws IOException {
        Prerequisites.require(Files.isExecutable(Path.of("/usr/sbin/charon-systemd")),
                "strongSwan (apt-get install strongswan-swanctl charon-systemd libcharon-extra-plugins)");
        Path swanctl = dir.resolve("swanctl");
        for (String d : List.of("x509", "x509ca", "x509ocsp", "x509aa", "x509ac", "x509crl", "pubkey", "private", "rsa",
                "ecdsa", "bliss", "pkcs8", "pkcs12")) {
            Files.createDirectories(swanctl.resolve(d));
        }
        for (var e : files.entrySet()) Files.writeString(swanctl.resolve(e.getKey()), e.getValue());
        Files.writeString(swanctl.resolve("swanctl.conf"), swanctlConf);
        Files.writeString(dir.resolve("strongswan.conf"), """
                charon-systemd {
                  load_modular = yes
                  install_routes = yes
                  plugins {
                    include /etc/strongswan.d/charon/*.conf
                    vici { socket = unix://%1$s/charon.vici }
                    kernel-libipsec { load = yes }
                  }
                  journal { default = -1 }
                  filelog { e2e { path = %1$s/charon.log
                    time_format = %%T
                    flush_line = yes
                    default = 1
                    ike = 2
                    cfg = 2 } }
                }
                """.formatted(dir));
        ProcessBuilder pb = new ProcessBuilder(Cmd.inNetns(netns, "setsid", "/usr/sbin/charon-systemd"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout").toFile());
        pb.environment().put("STRONGSWAN_CONF", dir.resolve("strongswan.conf").toString());
        Process p = pb.start();
        StrongSwan s = new StrongSwan(netns, dir, p);
        long end = System.nanoTime() + T.toNanos();
        while (!Files.exists(dir.resolve("charon.vici"))) {
            if (!p.isAlive() || System.nanoTime() > end) {
                s.close();
                throw new AssertionError("charon did not start: " + Files.readString(dir.resolve("stdout")));
            }
            VpndProcess.sleep(100);
        }
        s.swanctl("--load-all", "--file", swanctl.resolve("swanctl.conf").toString()).ok();
        return s;
    }

    /** Runs swanctl against this charon. */
    public Cmd.Result swanctl(String... args) {
        List<String> c = new java.util.ArrayList<>(Cmd.inNetns(netns, "swanctl"));
        c.addAll(List.of(args));
        c.add("--uri");
        c.add("unix://" + dir.resolve("charon.vici"));
        return Cmd.run(T, c);
    }

    /** Initiates the child {@code child} (and its IKE SA). */
    public Cmd.Result initiate(String child) {
        return swanctl("--initiate", "--child", child, "--timeout", "20");
    }

    public String listSas() {
        return swanctl("--list-sas").out();
    }

    public String log() {
        try {
            return Files.exists(dir.resolve("charon.log")) ? Files.readString(dir.resolve("charon.log")) : "";
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGKILL: charon dies without deleting its SAs, as on a crash or power loss. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

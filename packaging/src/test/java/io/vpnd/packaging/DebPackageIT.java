package io.vpnd.packaging;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The .deb from install to purge, as ops would use it, on this (disposable) machine:
 * <ol>
 *   <li>{@code dpkg-deb -I/-c}: fields, Depends, conffiles, every file with its mode;</li>
 *   <li>{@code dpkg -i}: the user, /etc/vpnd owned root:vpnd, {@code systemd-analyze verify} of the
 *       installed unit, and the example config refusing to run without its PSK file;</li>
 *   <li>the admin's own config in /etc/vpnd survives a reinstall (the upgrade path) untouched;</li>
 *   <li>the unit's ExecStart, run as systemd would (its User, Group, capabilities, Environment,
 *       RuntimeDirectory, NOTIFY_SOCKET and WATCHDOG_USEC) in a network namespace, brings an IKEv2
 *       tunnel up to a second vpnd: READY=1 and watchdog pings arrive, the tunnel carries a ping,
 *       the local identity is the Elastic IP from a fake IMDSv2 service at 169.254.169.254, a
 *       member of group vpnd can run vpnctl, ExecReload works, SIGTERM sends STOPPING=1;</li>
 *   <li>{@code dpkg -r} keeps the config and user, {@code dpkg -P} removes them.</li>
 * </ol>
 * It installs a package system-wide, so it runs only with {@code CI=true} or
 * {@code VPND_TEST_INSTALL=1}.
 */
class DebPackageIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static final String EIP = "203.0.113.77";
    private static final String PSK = "deb-test-shared-secret-0123456789";
    private static final Path UNIT = Path.of("/lib/systemd/system/vpnd.service");
    private static final Path CONFIG = Path.of("/etc/vpnd/vpnd.yaml");
    private static final Path RUNTIME_DIR = Path.of("/run/vpnd");

    @TempDir
    Path dir;
    private final String prefix = "ve-deb-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff)) + "-";
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void prerequisites() {
        boolean allowed = Prerequisites.inCi() || "1".equals(System.getenv("VPND_TEST_INSTALL"));
        org.junit.jupiter.api.Assumptions.assumeTrue(allowed,
                "installs the vpnd package system-wide: runs with CI=true or VPND_TEST_INSTALL=1");
        Prerequisites.requireRoot();
        for (String c : List.of("dpkg", "dpkg-deb", "dpkg-statoverride", "systemd-analyze", "setpriv", "ip", "ping",
                "python3", "getent")) {
            Prerequisites.requireCommand(c);
        }
        Prerequisites.require(Files.exists(Path.of("/dev/net/tun")), "/dev/net/tun");
        Prerequisites.require(installed("openjdk-17-jre-headless") || installed("default-jre-headless"),
                "a Java runtime that satisfies the package's Depends (openjdk-17-jre-headless)");
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (Process p : processes) {
            p.destroy();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String n : namespaces) Cmd.run("ip", "netns", "del", n);
        if (installed("vpnd")) Cmd.run("dpkg", "--purge", "vpnd");
        deleteTree(RUNTIME_DIR);
    }

    @Test
    void installRunATunnelAsTheUnitWouldThenRemoveAndPurge() throws Exception {
        Path deb = findDeb();
        inspect(deb);

        if (installed("vpnd")) Cmd.run("dpkg", "--purge", "vpnd").ok(); // left by an interrupted run
        Cmd.run("dpkg", "-i", deb.toString()).ok();
        checkInstalled();

        // the admin writes a config and a PSK file; a reinstall (upgrade path) must keep both as they are
        String config = leftConfig();
        Files.writeString(CONFIG, config);
        Path psk = Path.of("/etc/vpnd/t1.psk");
        Files.writeString(psk, PSK + "\n");
        Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-r-----"));
        Cmd.run("chgrp", "vpnd", psk.toString()).ok();
        Cmd.run("dpkg", "-i", deb.toString()).ok();
        assertEquals(config, Files.readString(CONFIG), "reinstalling keeps the admin's config");
        assertEquals("640 root vpnd", stat(CONFIG), "and its mode and group");

        runTunnelAsTheUnit();

        Cmd.run("dpkg", "-r", "vpnd").ok();
        assertFalse(Files.exists(Path.of("/usr/bin/vpnd")), "binaries removed");
        assertFalse(Files.exists(UNIT), "unit removed");
        assertEquals(config, Files.readString(CONFIG), "dpkg -r keeps the config");
        assertEquals(0, Cmd.run("getent", "passwd", "vpnd").exit(), "dpkg -r keeps the user");

        Cmd.run("dpkg", "-P", "vpnd").ok();
        assertFalse(Files.exists(Path.of("/etc/vpnd")), "purge removes /etc/vpnd");
        assertFalse(Files.exists(Path.of("/var/lib/vpnd")), "purge removes the state directory");
        assertNotEquals(0, Cmd.run("getent", "passwd", "vpnd").exit(), "purge removes the user");
        assertNotEquals(0, Cmd.run("getent", "group", "vpnd").exit(), "purge removes the group");
        assertFalse(Cmd.run("dpkg-statoverride", "--list").out().contains("/etc/vpnd"), "and its stat overrides");
        assertFalse(Files.exists(Path.of("/etc/systemd/system/vpnd.service"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "no mask left behind");
        assertFalse(installed("vpnd"), "dpkg knows nothing of vpnd any more");
    }

    private static Path findDeb() throws IOException {
        Path target = Path.of(System.getProperty("vpnd.debDirectory", "target"));
        try (Stream<Path> s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().matches("vpnd_.+_amd64\\.deb"))
                    .max(Comparator.comparingLong(p -> p.toFile().lastModified()))
                    .orElseThrow(() -> new AssertionError("no vpnd_*_amd64.deb in " + target + " (mvn package builds it)"));
        }
    }

    /** dpkg-deb -I and -c: what dpkg will do, before it does it. */
    private static void inspect(Path deb) {
        String info = Cmd.run("dpkg-deb", "-I", deb.toString()).ok().out();
        assertTrue(info.contains(" Package: vpnd\n"), info);
        assertTrue(info.contains(" Architecture: amd64\n"), "native Netty and tcnative jars are x86_64:\n" + info);
        assertTrue(info.contains(" Depends: default-jre-headless (>= 2:1.17) | openjdk-17-jre-headless, iproute2,"),
                info);
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertTrue(info.matches("(?s).*\\d+ lines\\s+\\*\\s+" + script + "\\s.*"), script + " executable:\n" + info);
        }
        assertEquals("/etc/vpnd/vpnd.yaml", Cmd.run("dpkg-deb", "-I", deb.toString(), "conffiles").ok().out().strip());

        Map<String, String> files = new TreeMap<>();
        for (String line : Cmd.run("dpkg-deb", "-c", deb.toString()).ok().out().split("\n")) {
            String[] f = line.trim().split("\\s+");
            files.put(f[f.length - 1], f[0] + " " + f[1]);
        }
        assertEquals("-rwxr-xr-x root/root", files.get("./usr/bin/vpnd"));
        assertEquals("-rwxr-xr-x root/root", files.get("./usr/bin/vpnctl"));
        assertEquals("-rw-r--r-- root/root", files.get("./lib/systemd/system/vpnd.service"));
        assertEquals("drwxr-x--- root/root", files.get("./etc/vpnd/"));
        assertEquals("-rw-r----- root/root", files.get("./etc/vpnd/vpnd.yaml"), "the config is not world-readable");
        assertEquals("-rw-r--r-- root/root", files.get("./usr/lib/sysctl.d/60-vpnd.conf"));
        for (String jar : List.of("vpnd-appliance-", "vpnd-cli-", "jna-", "netty-transport-native-epoll-",
                "bcprov-jdk18on-", "picocli-")) {
            assertTrue(files.keySet().stream().anyMatch(p -> p.startsWith("./usr/share/vpnd/lib/" + jar)),
                    jar + "*.jar in /usr/share/vpnd/lib: " + files.keySet());
        }
        List<String> roots = List.of("./usr/share/vpnd/", "./usr/bin/", "./lib/systemd/system/", "./etc/vpnd/",
                "./usr/lib/sysctl.d/", "./usr/share/doc/vpnd/");
        for (String p : files.keySet()) {
            if (p.endsWith("/")) continue;
            assertTrue(roots.stream().anyMatch(p::startsWith), "unexpected file " + p);
        }
    }

    private void checkInstalled() {
        String user = Cmd.run("getent", "passwd", "vpnd").ok().out().strip();
        String[] pw = user.split(":");
        assertTrue(Integer.parseInt(pw[2]) < 1000, "a system user: " + user);
        assertEquals("/usr/sbin/nologin", pw[6], "no login: " + user);
        assertEquals("750 root vpnd", stat(Path.of("/etc/vpnd")));
        assertEquals("640 root vpnd", stat(CONFIG));
        assertTrue(Files.isExecutable(Path.of("/usr/bin/vpnd")) && Files.isExecutable(Path.of("/usr/bin/vpnctl")));

        Cmd.Result verify = Cmd.run(Duration.ofSeconds(60), List.of("systemd-analyze", "verify", UNIT.toString()));
        String said = verify.out() + verify.err();
        assertEquals(0, verify.exit(), "systemd-analyze verify:\n" + said);
        assertFalse(said.contains("vpnd.service"), "systemd-analyze has something to say about the unit:\n" + said);

        // the example must not run by accident: its tunnel needs a PSK file that the admin writes
        Cmd.Result check = Cmd.run(Duration.ofSeconds(60), List.of("setpriv", "--reuid=vpnd", "--regid=vpnd",
                "--init-groups", "/usr/bin/vpnd", "check", "--config", CONFIG.toString()));
        assertEquals(78, check.exit(), "vpnd check on the example, as user vpnd:\n" + check.out() + check.err());
        assertTrue(check.err().contains("auth.pskFile: cannot read \"/etc/vpnd/site-b.psk\""), check.err());
        assertFalse(check.err().contains(CONFIG + ": cannot read the config"), "user vpnd can read it:\n" + check.err());
    }

    private void runTunnelAsTheUnit() throws Exception {
        UnitFile unit = UnitFile.read(UNIT);
        assertEquals("notify", unit.one("Type"));
        assertEquals("vpnd", unit.one("User"));
        assertEquals("vpnd", unit.one("RuntimeDirectory"));
        String caps = unit.capabilitiesForSetpriv("AmbientCapabilities");
        assertEquals("+net_admin,+net_bind_service", caps);
        assertEquals(caps, unit.capabilitiesForSetpriv("CapabilityBoundingSet"));
        assertEquals(List.of("/usr/bin/vpnd", "--config", CONFIG.toString()), unit.command("ExecStart"));

        String l = addNamespace("L");
        String r = addNamespace("R");
        ip("link", "add", prefix + "wl", "type", "veth", "peer", "name", prefix + "wr");
        ip("link", "set", prefix + "wl", "netns", l);
        ip("link", "set", prefix + "wr", "netns", r);
        ip("-n", l, "addr", "add", "192.0.2.1/24", "dev", prefix + "wl");
        ip("-n", r, "addr", "add", "192.0.2.2/24", "dev", prefix + "wr");
        ip("-n", l, "link", "set", prefix + "wl", "up");
        ip("-n", r, "link", "set", prefix + "wr", "up");
        ip("-n", l, "addr", "add", "198.51.100.1/32", "dev", "lo");
        ip("-n", r, "addr", "add", "203.0.113.1/32", "dev", "lo");
        // EC2's metadata address, served by a fake IMDSv2 inside L only
        ip("-n", l, "addr", "add", "169.254.169.254/32", "dev", "lo");
        startFakeMetadata(l);

        // what systemd does before ExecStart: RuntimeDirectory=vpnd, RuntimeDirectoryMode=0750
        deleteTree(RUNTIME_DIR);
        Files.createDirectory(RUNTIME_DIR);
        Files.setPosixFilePermissions(RUNTIME_DIR, PosixFilePermissions.fromString("rwxr-x---"));
        Cmd.run("chown", "vpnd:vpnd", RUNTIME_DIR.toString()).ok();

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path rConfig = dir.resolve("R.yaml");
        Files.writeString(rConfig, rightConfig(dir.resolve("R.sock")));

        try (NotifyListener systemd = new NotifyListener(dir.resolve("notify"))) {
            List<String> command = new ArrayList<>(List.of("env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                    "NOTIFY_SOCKET=" + systemd.path(), "WATCHDOG_USEC=2000000"));
            unit.environment().forEach((k, v) -> command.add(k + "=" + v));
            command.addAll(List.of("setpriv", "--reuid=" + unit.one("User"), "--regid=" + unit.one("Group"),
                    "--init-groups", "--inh-caps=" + caps, "--ambient-caps=" + caps, "--bounding-set=-all," + caps,
                    "--no-new-privs"));
            command.addAll(unit.command("ExecStart"));
            Path lLog = dir.resolve("L.log");
            Process left = start(Cmd.inNetns(l, command), lLog);
            Process right = start(Cmd.inNetns(r, List.of("/usr/bin/vpnd", "--config", rConfig.toString())),
                    dir.resolve("R.log"));

            String ready = awaitNotify(systemd, "READY=1", left, lLog);
            assertTrue(ready.contains("STATUS=1 tunnel(s) configured"), ready);
            checkCredentials(left.pid());
            awaitNotify(systemd, "WATCHDOG=1", left, lLog);

            awaitTunnelUp(left, lLog, dir.resolve("R.log"));
            Cmd.Result ping = Cmd.run(Duration.ofSeconds(30), Cmd.inNetns(l, List.of("ping", "-c", "3", "-i", "0.3",
                    "-W", "2", "-I", "198.51.100.1", "203.0.113.1")));
            assertEquals(0, ping.exit(), "ping through the tunnel:\n" + ping.out() + ping.err() + logs(lLog));

            // ExecReload, as the unit's user
            List<String> reload = new ArrayList<>(List.of("setpriv", "--reuid=vpnd", "--regid=vpnd", "--init-groups"));
            reload.addAll(unit.command("ExecReload"));
            Cmd.Result reloaded = Cmd.run(Duration.ofSeconds(60), reload);
            assertEquals(0, reloaded.exit(), "ExecReload: " + reloaded.out() + reloaded.err() + logs(lLog));

            left.destroy(); // SIGTERM, as systemctl stop sends
            awaitNotify(systemd, "STOPPING=1", left, lLog);
            assertTrue(left.waitFor(30, TimeUnit.SECONDS), "vpnd stops within TimeoutStopSec" + logs(lLog));
            assertEquals(0, left.exitValue(), "vpnd exits 0 on SIGTERM" + logs(lLog));
            assertNotEquals(0, Cmd.run(Duration.ofSeconds(20), Cmd.inNetns(l, List.of("ip", "link", "show", "vti-deb")))
                    .exit(), "its interface is gone");
            right.destroy();
            assertTrue(right.waitFor(30, TimeUnit.SECONDS));
        }
    }

    /** The daemon runs as vpnd with exactly CAP_NET_ADMIN and CAP_NET_BIND_SERVICE, and no way to gain more. */
    private static void checkCredentials(long pid) throws IOException {
        String status = "\n" + Files.readString(Path.of("/proc/" + pid + "/status"));
        String uid = Cmd.run("id", "-u", "vpnd").ok().out().strip();
        assertTrue(status.contains("\nName:\tjava\n"), "the launcher execs java:\n" + status);
        assertTrue(status.contains("\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\n"), status);
        // bit 10 CAP_NET_BIND_SERVICE, bit 12 CAP_NET_ADMIN
        assertTrue(status.contains("\nCapEff:\t0000000000001400\n"), status);
        assertTrue(status.contains("\nCapBnd:\t0000000000001400\n"), status);
        assertTrue(status.contains("\nNoNewPrivs:\t1\n"), status);
    }

    /** vpnctl as an unprivileged member of group vpnd, on the default socket, until the tunnel is UP. */
    private void awaitTunnelUp(Process left, Path lLog, Path rLog) throws IOException {
        String gid = Cmd.run("getent", "group", "vpnd").ok().out().split(":")[2];
        List<String> vpnctl = List.of("setpriv", "--reuid=65534", "--regid=65534", "--groups=" + gid,
                "/usr/bin/vpnctl", "status", "--json");
        long end = System.nanoTime() + START.toNanos();
        Cmd.Result last = null;
        while (System.nanoTime() < end && left.isAlive()) {
            last = Cmd.run(Duration.ofSeconds(30), vpnctl);
            if (last.exit() == 0 && last.out().replace(" ", "").contains("\"state\":\"UP\"")) return;
            sleep(500);
        }
        throw new AssertionError("tunnel not UP within " + START + "; last vpnctl: "
                + (last == null ? "none" : last.exit() + " " + last.out() + last.err()) + logs(lLog) + logs(rLog));
    }

    private static String awaitNotify(NotifyListener systemd, String line, Process p, Path log) throws IOException {
        try {
            return systemd.await(line, START);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + (p.isAlive() ? "" : " (vpnd exited " + p.exitValue() + ")")
                    + logs(log), e);
        }
    }

    private void startFakeMetadata(String ns) throws Exception {
        Path script = dir.resolve("fake_imds.py");
        try (var in = DebPackageIT.class.getResourceAsStream("/fake_imds.py")) {
            Files.copy(in, script);
        }
        Path log = dir.resolve("imds.log");
        start(Cmd.inNetns(ns, List.of("python3", "-u", script.toString(), "169.254.169.254", "80", EIP, "192.0.2.1")),
                log);
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readString(log).contains("ready")) return;
            sleep(100);
        }
        throw new AssertionError("the fake instance metadata service did not start" + logs(log));
    }

    /**
     * L (this package's vpnd): addresses and identity from instance metadata, as on EC2; the PSK in a
     * file that only root and group vpnd can read; the default management socket.
     */
    private static String leftConfig() {
        return """
                api:
                  socket: /run/vpnd/vpnd.sock
                  group: vpnd
                ike:
                  address: 0.0.0.0
                tunnels:
                  t1:
                    local:
                      address: ec2-local-ip
                      id: ec2-public-ip
                    remote:
                      address: 192.0.2.2
                    auth:
                      pskFile: /etc/vpnd/t1.psk
                    selectors:
                      local: [198.51.100.0/24]
                      remote: [203.0.113.0/24]
                    interface:
                      name: vti-deb
                      address: 169.254.10.1/30
                    routes: [203.0.113.0/24]
                    start: initiate
                """;
    }

    /** R expects L's Elastic IP as its identity: the tunnel comes up only if L read it from metadata. */
    private static String rightConfig(Path socket) {
        return """
                api:
                  socket: %s
                ike:
                  address: 192.0.2.2
                tunnels:
                  t1:
                    local:
                      address: 192.0.2.2
                    remote:
                      address: 192.0.2.1
                      id: %s
                    auth:
                      psk: "%s"
                    selectors:
                      local: [203.0.113.0/24]
                      remote: [198.51.100.0/24]
                    interface:
                      name: vti-deb
                      address: 169.254.10.2/30
                    routes: [198.51.100.0/24]
                    start: respond
                """.formatted(socket, EIP, PSK);
    }

    private String addNamespace(String side) {
        String name = prefix + side;
        ip("netns", "add", name);
        namespaces.add(name);
        ip("-n", name, "link", "set", "lo", "up");
        return name;
    }

    private static void ip(String... args) {
        List<String> c = new ArrayList<>(List.of("ip"));
        c.addAll(List.of(args));
        Cmd.run(Duration.ofSeconds(20), c).ok();
    }

    private Process start(List<String> command, Path log) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        processes.add(p);
        return p;
    }

    private static String stat(Path p) {
        return Cmd.run("stat", "-c", "%a %U %G", p.toString()).ok().out().strip();
    }

    private static boolean installed(String pkg) {
        return Cmd.run("dpkg-query", "-W", "-f=${Status}", pkg).out().contains("ok installed");
    }

    private static String logs(Path log) {
        try {
            return "\n--- " + log.getFileName() + ":\n" + Files.readString(log);
        } catch (IOException e) {
            return "\n--- " + log + ": " + e;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

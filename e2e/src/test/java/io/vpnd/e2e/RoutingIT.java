package io.vpnd.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Route-based tunnels at work: two tunnels from L to two peers protecting the same network,
 * preferred and standby by routeMetric, with a running ping that moves to the standby when the
 * preferred peer dies and back when it returns; and the tunnel's MTU and MSS clamping.
 */
class RoutingIT {
    static final Duration UP = Duration.ofSeconds(45);
    @TempDir
    Path dir;
    NetnsLab lab;
    VpndProcess left;
    VpndProcess right;
    VpndProcess right2;

    String peer(String side, String local, String id) {
        return """
                api: { socket: %s/%s.sock }
                tunnels:
                  t:
                    local: { address: %s, id: %s }
                    remote: { address: any, id: left.vpn.test }
                    auth: { psk: "routing-secret-0123456789" }
                    selectors: { local: [203.0.113.0/24], remote: [198.51.100.0/24] }
                    routes: [198.51.100.0/24]
                    dpd: { interval: 2s, timeout: 6s, action: clear }
                    start: respond
                """.formatted(dir, side, local, id);
    }

    @BeforeEach
    void setUp() throws Exception {
        Prerequisites.requireNetnsAndTun();
        Prerequisites.requireCommand("ping");
        Prerequisites.requireCommand("tcpdump");
        Prerequisites.requireCommand("socat");
        Prerequisites.requireBuiltVpnd();
        lab = NetnsLab.threeHosts("rt");
        NetnsLab.ip("-n", lab.ns("R2"), "addr", "add", "203.0.113.1/32", "dev", "lo");   // the same service behind both
        Files.writeString(dir.resolve("R.yaml"), peer("R", "192.0.2.2", "right.vpn.test"));
        Files.writeString(dir.resolve("R2.yaml"), peer("R2", "192.0.2.130", "right2.vpn.test"));
        Files.writeString(dir.resolve("L.yaml"), """
                api: { socket: %1$s/L.sock }
                tunnels:
                  primary:
                    local: { address: 192.0.2.1, id: left.vpn.test }
                    remote: { address: 192.0.2.2, id: right.vpn.test }
                    auth: { psk: "routing-secret-0123456789" }
                    selectors: { local: [198.51.100.0/24], remote: [203.0.113.0/24] }
                    routes: [203.0.113.0/24]
                    routeMetric: 100
                    interface: { mss: 1200 }
                    dpd: { interval: 2s, timeout: 6s, action: restart }
                  standby:
                    local: { address: 192.0.2.129, id: left.vpn.test }
                    remote: { address: 192.0.2.130, id: right2.vpn.test }
                    auth: { psk: "routing-secret-0123456789" }
                    selectors: { local: [198.51.100.0/24], remote: [203.0.113.0/24] }
                    routes: [203.0.113.0/24]
                    routeMetric: 200
                    dpd: { interval: 2s, timeout: 6s, action: restart }
                """.formatted(dir));
        right = VpndProcess.start(lab.ns("R"), dir.resolve("R.yaml"), dir.resolve("R.sock"), UP);
        right2 = VpndProcess.start(lab.ns("R2"), dir.resolve("R2.yaml"), dir.resolve("R2.sock"), UP);
        left = VpndProcess.start(lab.ns("L"), dir.resolve("L.yaml"), dir.resolve("L.sock"), UP);
        left.awaitState("primary", "UP", UP);
        left.awaitState("standby", "UP", UP);
    }

    @AfterEach
    void tearDown() {
        for (VpndProcess p : new VpndProcess[]{left, right, right2}) if (p != null) p.close();
        if (lab != null) lab.close();
    }

    String device(String side, String to) {
        Matcher m = Pattern.compile("dev (\\S+)").matcher(lab.exec(side, Duration.ofSeconds(5), "ip", "route", "get", to).out());
        return m.find() ? m.group(1) : "?";
    }

    /** Longest run of lost echo requests in a ping log, in sequence numbers. */
    static int longestGap(String pingLog, int sent) {
        TreeSet<Integer> got = new TreeSet<>();
        Matcher m = Pattern.compile("icmp_seq=(\\d+)").matcher(pingLog);
        while (m.find()) got.add(Integer.parseInt(m.group(1)));
        int longest = 0;
        int run = 0;
        for (int s = 1; s <= sent; s++) {
            run = got.contains(s) ? 0 : run + 1;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    @Test
    void pingMovesToTheStandbyWhenThePreferredPeerDiesAndBack() throws Exception {
        assertEquals("primary", device("L", "203.0.113.1"), "the lower metric carries the traffic");
        int count = 300;                                                  // 60 s at 0.2 s
        Path log = dir.resolve("ping.log");
        Process ping = new ProcessBuilder(Cmd.inNetns(lab.ns("L"), "ping", "-i", "0.2", "-c", String.valueOf(count), "-W", "1",
                "-I", "198.51.100.1", "203.0.113.1")).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        VpndProcess.sleep(3000);
        right.kill();                                                     // the preferred peer dies: no DELETE
        long killed = System.nanoTime();
        left.awaitLeaving("primary", "UP", Duration.ofSeconds(15));
        assertTrue((System.nanoTime() - killed) / 1e9 <= 6 + 3, "detected within the DPD timeout");
        assertEquals("standby", device("L", "203.0.113.1"), "the standby's route takes over");
        VpndProcess.sleep(5000);
        right = VpndProcess.start(lab.ns("R"), dir.resolve("R.yaml"), dir.resolve("R.sock"), UP);   // it returns
        left.awaitState("primary", "UP", UP);
        assertEquals("primary", device("L", "203.0.113.1"), "and traffic goes back");
        assertTrue(ping.waitFor(90, TimeUnit.SECONDS));
        String out = Files.readString(log);
        int gap = longestGap(out, count);
        assertTrue(gap * 0.2 <= 6 + 5, "longest outage " + gap * 0.2 + " s is within DPD timeout + 5 s:\n" + out);
        String vpnctlRoutes = left.vpnctl("routes").ok().out();
        assertTrue(vpnctlRoutes.contains("primary,standby"), vpnctlRoutes);
    }

    @Test
    void largePacketsAreFragmentedBeforeTheTunnelAndSynsClamped() throws Exception {
        // without DF the kernel fragments at the TUN's MTU (1400), before encryption
        Cmd.Result big = lab.exec("L", Duration.ofSeconds(20), "ping", "-c", "3", "-s", "3000", "-M", "dont", "-I",
                "198.51.100.1", "203.0.113.1");
        assertTrue(big.out().contains(" 0% packet loss"), big.out() + big.err());
        // with DF the sender learns the tunnel's MTU
        Cmd.Result df = lab.exec("L", Duration.ofSeconds(20), "ping", "-c", "1", "-s", "3000", "-M", "do", "-I",
                "198.51.100.1", "203.0.113.1");
        assertNotEquals(0, df.exit());
        assertTrue((df.out() + df.err()).contains("mtu=1400") || (df.out() + df.err()).toLowerCase().contains("too long"),
                df.out() + df.err());

        // L's kernel would announce MSS 1360 (MTU 1400 - 40); vpnd clamps it to the configured 1200
        Process capture = new ProcessBuilder(Cmd.inNetns(lab.ns("R"), "tcpdump", "-l", "-n", "-v", "-c", "1", "-i", "t",
                "tcp[tcpflags] & tcp-syn != 0")).redirectErrorStream(true).redirectOutput(dir.resolve("syn.log").toFile()).start();
        Process sink = new ProcessBuilder(Cmd.inNetns(lab.ns("R"), "socat", "-u", "TCP-LISTEN:5002,bind=203.0.113.1,reuseaddr",
                "OPEN:/dev/null")).redirectErrorStream(true).start();
        try {
            VpndProcess.sleep(1500);
            lab.exec("L", Duration.ofSeconds(20), "socat", "-u", "OPEN:/etc/hostname", "TCP:203.0.113.1:5002,bind=198.51.100.1");
            assertTrue(capture.waitFor(20, TimeUnit.SECONDS), "tcpdump saw the SYN");
        } finally {
            capture.destroy();
            sink.destroy();
        }
        String syn = Files.readString(dir.resolve("syn.log"));
        assertTrue(syn.contains("mss 1200"), "the SYN's MSS was clamped to 1200:\n" + syn);
    }
}

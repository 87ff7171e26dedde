package io.vpnd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A bounded flood of malformed, forged and replayed IKE and ESP datagrams at a vpnd while iperf3
 * runs through its tunnel: the daemon stays up, throughput stays within 80 % of a clean run in
 * the same test, every kind of garbage is dropped and counted by reason, and no key reaches the log.
 */
class FloodIT {
    static final Duration UP = Duration.ofSeconds(45);
    static final String PSK = "flood-secret-0123456789-do-not-log";
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    NetnsLab lab;
    VpndProcess left;
    VpndProcess right;

    @BeforeEach
    void setUp() throws Exception {
        Prerequisites.requireNetnsAndTun();
        Prerequisites.requireCommand("iperf3");
        Prerequisites.requireCommand("python3");
        Prerequisites.requireCommand("tcpdump");
        Prerequisites.requireCommand("curl");
        Prerequisites.requireBuiltVpnd();
        lab = NetnsLab.twoGateways("fld");
        Files.writeString(dir.resolve("L.yaml"), config("L", "192.0.2.1", "192.0.2.2", "198.51.100.0/24", "203.0.113.0/24", "initiate"));
        Files.writeString(dir.resolve("R.yaml"), config("R", "192.0.2.2", "192.0.2.1", "203.0.113.0/24", "198.51.100.0/24", "respond"));
        right = VpndProcess.start(lab.ns("R"), dir.resolve("R.yaml"), dir.resolve("R.sock"), UP);
        left = VpndProcess.start(lab.ns("L"), dir.resolve("L.yaml"), dir.resolve("L.sock"), UP);
        left.awaitState("t1", "UP", UP);
    }

    String config(String side, String local, String remote, String lnet, String rnet, String start) {
        return """
                api: { socket: %s/%s.sock }
                metrics: { prometheus: 127.0.0.1:9469 }
                tunnels:
                  t1:
                    local: { address: %s, id: %s.vpn.test }
                    remote: { address: %s, id: %s.vpn.test }
                    auth: { psk: "%s" }
                    selectors: { local: [%s], remote: [%s] }
                    routes: [%s]
                    start: %s
                """.formatted(dir, side, local, side, remote, side.equals("L") ? "R" : "L", PSK, lnet, rnet, rnet, start);
    }

    @AfterEach
    void tearDown() {
        if (left != null) left.close();
        if (right != null) right.close();
        if (lab != null) lab.close();
    }

    /** One iperf3 run from L to R, in Gbit/s. */
    double iperf(int seconds) throws Exception {
        Process server = new ProcessBuilder(Cmd.inNetns(lab.ns("R"), "iperf3", "-s", "-1", "-B", "203.0.113.1"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("iperf-s.log").toFile()).start();
        try {
            VpndProcess.sleep(500);
            Cmd.Result r = lab.exec("L", Duration.ofSeconds(seconds + 30), "iperf3", "-c", "203.0.113.1", "-B", "198.51.100.1",
                    "-t", String.valueOf(seconds), "-J");
            assertEquals(0, r.exit(), r.out() + r.err());
            return JSON.readTree(r.out()).path("end").path("sum_received").path("bits_per_second").asDouble() / 1e9;
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    long drops(String scrape, String reason) {
        return ResilienceIT.metric(scrape, "vpnd_drops_total{reason=\"" + reason + "\"}");
    }

    @Test
    void floodIsDroppedAndCountedWhileThroughputHolds() throws Exception {
        iperf(5);                                                       // warm-up: let the JIT compile the data path
        Path pcap = dir.resolve("esp.pcap");
        Process capture = new ProcessBuilder(Cmd.inNetns(lab.ns("R"), "tcpdump", "-i", "wan", "-c", "200", "-w", pcap.toString(),
                "udp and dst host 192.0.2.1 and dst port 4500")).redirectErrorStream(true)
                .redirectOutput(dir.resolve("tcpdump.log").toFile()).start();
        double clean = iperf(8);
        capture.waitFor(10, TimeUnit.SECONDS);
        capture.destroy();

        String spiIn = null;
        for (JsonNode sa : JSON.readTree(left.vpnctl("sas", "--json").ok().out()).path("sas")) {
            if ("CHILD".equals(sa.path("kind").asText())) spiIn = sa.path("spiIn").asText();
        }
        assertNotNull(spiIn);
        Path script = dir.resolve("flood.py");
        Files.copy(FloodIT.class.getResourceAsStream("/flood.py"), script);
        Process flood = new ProcessBuilder(Cmd.inNetns(lab.ns("R"), "python3", script.toString(), "192.0.2.1", "12", "2000",
                spiIn, pcap.toString())).redirectErrorStream(true).redirectOutput(dir.resolve("flood.log").toFile()).start();
        double flooded;
        try {
            VpndProcess.sleep(1000);
            flooded = iperf(8);
        } finally {
            assertTrue(flood.waitFor(60, TimeUnit.SECONDS), "the flood is bounded");
        }
        String floodLog = Files.readString(dir.resolve("flood.log"));
        assertTrue(floodLog.contains("sent 24000"), floodLog);

        assertTrue(left.isAlive(), "vpnd survived:\n" + left.log());
        assertEquals("UP", left.tunnel("t1").path("state").asText());
        assertTrue(flooded >= 0.8 * clean, String.format("throughput under flood %.3f Gbps vs clean %.3f Gbps", flooded, clean));

        String scrape = Cmd.run(Duration.ofSeconds(10), Cmd.inNetns(lab.ns("L"), "curl", "-s", "http://127.0.0.1:9469/metrics")).out();
        assertTrue(drops(scrape, "esp_auth_failed") >= 3000, "forged ESP counted:\n" + scrape);
        assertTrue(drops(scrape, "esp_unknown_spi") >= 3000, "unknown SPIs counted");
        assertTrue(drops(scrape, "udp_malformed") >= 1000, "short datagrams counted");
        assertTrue(drops(scrape, "esp_replay") + drops(scrape, "esp_too_old") >= 1000, "replays counted:\n" + scrape);
        long ike = ResilienceIT.metric(scrape, "vpnd_ike_dropped_total") + ResilienceIT.metric(scrape, "vpnd_ike_overflow_total");
        assertTrue(ike >= 3000, "IKE garbage counted (dropped or shed at the door): " + ike + "\n"
                + scrape.lines().filter(l -> l.startsWith("vpnd_")).toList());

        String log = left.log();
        assertFalse(log.contains(PSK), "the pre-shared key never reaches the log");
        assertFalse(log.contains("Exception"), "no exceptions for hostile packets:\n" + log);
        System.out.printf("flood: clean %.3f Gbps, under flood %.3f Gbps (%.0f %%)%n", clean, flooded, 100 * flooded / clean);
    }
}

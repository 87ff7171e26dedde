package io.vpnd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What an admin does every day, against two running vpnd (L with tunnels to R and to R2, both
 * peers vpnd responders): vpnctl listings in both forms, down and up, exit codes, reload that
 * keeps unchanged tunnels' SAs, and the Prometheus endpoint during traffic.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class OperationsIT {
    static final Duration UP = Duration.ofSeconds(45);
    static final ObjectMapper JSON = new ObjectMapper();
    static Path dir;
    static NetnsLab lab;
    static VpndProcess left;
    static VpndProcess right;
    static VpndProcess right2;

    static String leftConfig(String t2Selector) {
        return """
                api: { socket: %1$s/L.sock }
                metrics: { prometheus: 127.0.0.1:9469 }
                tunnels:
                  t1:
                    local: { address: 192.0.2.1, id: left.vpn.test }
                    remote: { address: 192.0.2.2, id: right.vpn.test }
                    auth: { psk: "ops-secret-one-0123456789" }
                    selectors: { local: [198.51.100.0/24], remote: [203.0.113.0/25] }
                    routes: [203.0.113.0/25]
                  t2:
                    local: { address: 192.0.2.129, id: left.vpn.test }
                    remote: { address: 192.0.2.130, id: right2.vpn.test }
                    auth: { psk: "ops-secret-two-0123456789" }
                    selectors: { local: [198.51.100.0/24], remote: [%2$s] }
                    routes: [%2$s]
                """.formatted(dir, t2Selector);
    }

    static String peerConfig(String side, String local, String id, String psk, String net) {
        return """
                api: { socket: %s/%s.sock }
                tunnels:
                  t:
                    local: { address: %s, id: %s }
                    remote: { address: any, id: left.vpn.test }
                    auth: { psk: "%s" }
                    selectors: { local: [%s], remote: [198.51.100.0/24] }
                    routes: [198.51.100.0/24]
                    start: respond
                """.formatted(dir, side, local, id, psk, net);
    }

    @BeforeAll
    static void setUp() throws Exception {
        Prerequisites.requireNetnsAndTun();
        Prerequisites.requireCommand("curl");
        Prerequisites.requireBuiltVpnd();
        dir = Files.createTempDirectory("vpnd-ops");
        lab = NetnsLab.threeHosts("ops");
        Files.writeString(dir.resolve("R.yaml"), peerConfig("R", "192.0.2.2", "right.vpn.test", "ops-secret-one-0123456789", "203.0.113.0/24"));
        Files.writeString(dir.resolve("R2.yaml"), peerConfig("R2", "192.0.2.130", "right2.vpn.test", "ops-secret-two-0123456789", "203.0.113.0/24"));
        Files.writeString(dir.resolve("L.yaml"), leftConfig("203.0.113.128/25"));
        right = VpndProcess.start(lab.ns("R"), dir.resolve("R.yaml"), dir.resolve("R.sock"), UP);
        right2 = VpndProcess.start(lab.ns("R2"), dir.resolve("R2.yaml"), dir.resolve("R2.sock"), UP);
        left = VpndProcess.start(lab.ns("L"), dir.resolve("L.yaml"), dir.resolve("L.sock"), UP);
        left.awaitState("t1", "UP", UP);
        left.awaitState("t2", "UP", UP);
    }

    @AfterAll
    static void tearDown() {
        for (VpndProcess p : new VpndProcess[]{left, right, right2}) if (p != null) p.close();
        if (lab != null) lab.close();
    }

    static Set<String> childSpis(VpndProcess p, String tunnel) throws Exception {
        Set<String> spis = new HashSet<>();
        for (JsonNode sa : JSON.readTree(p.vpnctl("sas", "--json").ok().out()).path("sas")) {
            if (tunnel.equals(sa.path("tunnel").asText()) && "CHILD".equals(sa.path("kind").asText())) spis.add(sa.path("spiIn").asText());
        }
        return spis;
    }

    static String routes(String side) {
        return lab.exec(side, Duration.ofSeconds(10), "ip", "route", "show", "proto", "118").out();
    }

    @Test
    void a_listingsInBothForms() throws Exception {
        Cmd.Result table = left.vpnctl("status").ok();
        assertTrue(table.out().startsWith("TUNNEL"), table.out());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("t1") && l.contains("UP")), table.out());
        JsonNode status = JSON.readTree(left.vpnctl("status", "--json").ok().out());
        for (JsonNode t : status.path("tunnels")) {
            for (String f : new String[]{"name", "state", "bytesIn", "bytesOut", "packetsIn", "packetsOut"}) {
                assertTrue(t.has(f), "status --json has " + f + ": " + t);
            }
        }
        assertTrue(left.vpnctl("sas").ok().out().contains("CHILD"));
        assertEquals(2, childSpis(left, "t1").size() + childSpis(left, "t2").size());
        Cmd.Result r = left.vpnctl("routes").ok();
        assertTrue(r.out().contains("203.0.113.0/25") && r.out().contains("203.0.113.128/25"), r.out());
        JsonNode routes = JSON.readTree(left.vpnctl("routes", "--json").ok().out()).path("routes");
        assertEquals(2, routes.size(), routes.toString());
    }

    @Test
    void b_exitCodes() {
        assertEquals(1, left.vpnctl("up", "no-such-tunnel").exit(), "unknown tunnel");
        Cmd.Result usage = left.vpnctl("frobnicate");
        assertEquals(2, usage.exit(), "usage error");
        Cmd.Result gone = Cmd.run(Duration.ofSeconds(30), VpndHome.path().resolve("bin/vpnctl").toString(), "--socket",
                dir.resolve("nobody-here.sock").toString(), "status");
        assertEquals(1, gone.exit());
        assertTrue(gone.err().contains("is vpnd running"), gone.err());
    }

    @Test
    void c_downAndUp() throws Exception {
        Cmd.Result down = left.vpnctl("down", "t1").ok();
        assertTrue(down.out().contains("down"), down.out());
        JsonNode t1 = left.tunnel("t1");
        assertEquals("DOWN", t1.path("state").asText());
        assertEquals("ADMIN_DOWN", t1.path("reason").asText());
        assertFalse(routes("L").contains("203.0.113.0/25"), "routes withdrawn:\n" + routes("L"));
        right.awaitLeaving("t", "UP", Duration.ofSeconds(10));
        assertEquals("PEER_DELETE", right.tunnel("t").path("reason").asText());
        assertEquals("UP", left.tunnel("t2").path("state").asText(), "the other tunnel is untouched");

        left.vpnctl("up", "t1").ok();
        left.awaitState("t1", "UP", UP);
        assertTrue(routes("L").contains("203.0.113.0/25"));
    }

    @Test
    void d_reloadKeepsUnchangedTunnelsAndRejectsBadConfigWhole() throws Exception {
        Set<String> t1Before = childSpis(left, "t1");
        Set<String> t2Before = childSpis(left, "t2");
        Files.writeString(dir.resolve("L.yaml"), leftConfig("203.0.113.128/26"));   // t2 narrower, t1 unchanged
        Cmd.Result r = left.vpnctl("reload").ok();
        assertTrue(r.out().contains("changed [t2]"), r.out());
        left.awaitState("t2", "UP", UP);
        assertEquals(t1Before, childSpis(left, "t1"), "the unchanged tunnel keeps its SAs");
        assertNotEquals(t2Before, childSpis(left, "t2"), "the changed tunnel was renegotiated");
        assertTrue(routes("L").contains("203.0.113.128/26"), routes("L"));

        Files.writeString(dir.resolve("L.yaml"), leftConfig("203.0.113.128/26").replace("routes: [203.0.113.0/25]", "routes: [not-a-prefix]"));
        Cmd.Result bad = left.vpnctl("reload");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("L.yaml") && bad.err().contains("routes"), "the loader's message: " + bad.err());
        assertEquals(t1Before, childSpis(left, "t1"), "a rejected reload changes nothing");
        assertEquals("UP", left.tunnel("t2").path("state").asText());
    }

    @Test
    void e_metricsDuringTraffic() throws Exception {
        String first = scrape();
        assertTrue(first.contains("vpnd_tunnel_state{tunnel=\"t1\"} 1.0"), first);
        Traffic.ping(lab, "L", "198.51.100.1", "203.0.113.1", left.log());
        String second = scrape();
        assertTrue(ResilienceIT.metric(second, "vpnd_tunnel_bytes_out_total{tunnel=\"t1\"}")
                > ResilienceIT.metric(first, "vpnd_tunnel_bytes_out_total{tunnel=\"t1\"}"), "byte counters grow");
        assertTrue(second.contains("vpnd_drops_total{reason=\"esp_auth_failed\"}"), "drops by reason are exported");
        assertTrue(ResilienceIT.metric(second, "vpnd_ike_sa_established_total") >= 2);
        assertTrue(second.contains("jvm_memory_used_bytes"), "JVM metrics too");
    }

    static String scrape() {
        return Metrics.scrape(lab, "L");
    }
}

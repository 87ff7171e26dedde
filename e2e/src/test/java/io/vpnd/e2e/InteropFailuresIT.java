package io.vpnd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What an admin sees when a tunnel cannot come up: wrong PSK, no common IKE or ESP proposal,
 * traffic selectors that do not overlap. vpnd (L) has a good tunnel to strongSwan R2 and a bad
 * one to strongSwan R; for each mistake the bad tunnel shows the matching reason, vpnd's log
 * says what to check, strongSwan's log shows the matching notify, and the good tunnel keeps
 * carrying traffic throughout.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class InteropFailuresIT {
    static final Duration WAIT = Duration.ofSeconds(40);
    static final String PSK = "interop-secret-0123456789";
    static Path dir;
    static NetnsLab lab;
    static StrongSwan bad;
    static StrongSwan good;
    static VpndProcess vpnd;

    @BeforeAll
    static void setUp() throws Exception {
        Prerequisites.requireNetnsAndTun();
        Prerequisites.requireCommand("ping");
        Prerequisites.requireCommand("swanctl");
        Prerequisites.requireBuiltVpnd();
        dir = Files.createTempDirectory("vpnd-failures");
        lab = NetnsLab.threeHosts("fail");
        good = StrongSwan.start(lab.ns("R2"), Files.createDirectories(dir.resolve("good")),
                StrongSwanInteropIT.swanConfig("192.0.2.130", "192.0.2.129", "aes256gcm16-prfsha256-ecp256", "aes256gcm16",
                        "auth = psk\n id = right.vpn.test", "auth = psk\n id = left.vpn.test",
                        "203.0.113.128/25", "198.51.100.0/24", PSK), Map.of());
        bad = StrongSwan.start(lab.ns("R"), Files.createDirectories(dir.resolve("bad")),
                badConfig("aes256gcm16-prfsha256-ecp256", "aes256gcm16", "198.51.100.0/24", "wrong-secret-000000000"), Map.of());
        Path cfg = dir.resolve("vpnd.yaml");
        Files.writeString(cfg, """
                api: { socket: %1$s/vpnd.sock }
                tunnels:
                  good:
                    local: { address: 192.0.2.129, id: left.vpn.test }
                    remote: { address: 192.0.2.130, id: right.vpn.test }
                    auth: { psk: "%2$s" }
                    selectors: { local: [198.51.100.0/24], remote: [203.0.113.128/25] }
                    routes: [203.0.113.128/25]
                    dpd: { interval: 5s, timeout: 15s }
                  bad:
                    local: { address: 192.0.2.1, id: left.vpn.test }
                    remote: { address: 192.0.2.2, id: right.vpn.test }
                    auth: { psk: "%2$s" }
                    ike: { proposals: [aes256gcm16-prfsha256-ecp256] }
                    esp: { proposals: [aes256gcm16] }
                    selectors: { local: [198.51.100.0/24], remote: [203.0.113.0/25] }
                    routes: [203.0.113.0/25]
                """.formatted(dir, PSK));
        vpnd = VpndProcess.start(lab.ns("L"), cfg, dir.resolve("vpnd.sock"), WAIT);
        vpnd.awaitState("good", "UP", WAIT);
    }

    static String badConfig(String ike, String esp, String remoteTs, String secret) {
        return StrongSwanInteropIT.swanConfig("192.0.2.2", "192.0.2.1", ike, esp,
                "auth = psk\n id = right.vpn.test", "auth = psk\n id = left.vpn.test", "203.0.113.0/25", remoteTs, secret);
    }

    @AfterAll
    static void tearDown() {
        if (vpnd != null) vpnd.close();
        if (bad != null) bad.close();
        if (good != null) good.close();
        if (lab != null) lab.close();
    }

    /** Reconfigures the bad peer, retries the bad tunnel now, and waits for vpnd's verdict. */
    static JsonNode retry(String swanctlConf, String expectedReason) throws Exception {
        Files.writeString(dir.resolve("bad/swanctl/swanctl.conf"), swanctlConf);
        bad.swanctl("--load-all", "--file", dir.resolve("bad/swanctl/swanctl.conf").toString()).ok();
        vpnd.vpnctl("down", "bad").ok();
        vpnd.vpnctl("up", "bad").ok();
        long end = System.nanoTime() + WAIT.toNanos();
        JsonNode t = vpnd.tunnel("bad");
        while (System.nanoTime() < end && !expectedReason.equals(t.path("reason").asText())) {
            VpndProcess.sleep(300);
            t = vpnd.tunnel("bad");
        }
        assertEquals(expectedReason, t.path("reason").asText(), "bad tunnel: " + t + "\n" + vpnd.log() + "\n" + bad.log());
        assertNotEquals("UP", t.path("state").asText());
        return t;
    }

    static void goodTunnelStillCarriesTraffic() {
        assertEquals("UP", vpnd.tunnel("good").path("state").asText(), "the good tunnel is unaffected");
        Traffic.ping(lab, "L", "198.51.100.1", "203.0.113.129", vpnd.log());
    }

    @Test
    void a_wrongPskFailsWithAuthFailedOnBothSides() throws Exception {
        retry(badConfig("aes256gcm16-prfsha256-ecp256", "aes256gcm16", "198.51.100.0/24", "wrong-secret-000000000"), "AUTH_FAILED");
        assertTrue(vpnd.log().contains("rejected our authentication") && vpnd.log().contains("pre-shared key"), vpnd.log());
        assertTrue(bad.log().contains("AUTH_FAILED") || bad.log().contains("AUTHENTICATION_FAILED"), bad.log());
        goodTunnelStillCarriesTraffic();
    }

    @Test
    void b_noCommonIkeProposalFailsWithNoProposalChosen() throws Exception {
        retry(badConfig("aes128-sha256-modp3072", "aes256gcm16", "198.51.100.0/24", PSK), "NO_PROPOSAL_CHOSEN");
        assertTrue(vpnd.log().contains("accepts none of our IKE proposals"), vpnd.log());
        assertTrue(bad.log().contains("no acceptable proposal found") || bad.log().contains("NO_PROP"), bad.log());
        goodTunnelStillCarriesTraffic();
    }

    @Test
    void c_noCommonEspProposalFailsWithNoProposalChosen() throws Exception {
        retry(badConfig("aes256gcm16-prfsha256-ecp256", "aes128-sha1", "198.51.100.0/24", PSK), "NO_PROPOSAL_CHOSEN");
        assertTrue(vpnd.log().contains("accepts none of our ESP proposals"), vpnd.log());
        assertTrue(bad.log().contains("no acceptable proposal found") || bad.log().contains("NO_PROP"), bad.log());
        goodTunnelStillCarriesTraffic();
    }

    @Test
    void d_disjointSelectorsFailWithTsUnacceptable() throws Exception {
        retry(badConfig("aes256gcm16-prfsha256-ecp256", "aes256gcm16", "192.0.2.200/32", PSK), "TS_UNACCEPTABLE");
        assertTrue(vpnd.log().contains("does not accept our traffic selectors"), vpnd.log());
        assertTrue(bad.log().contains("TS_UNACCEPT") || bad.log().contains("unacceptable"), bad.log());
        goodTunnelStillCarriesTraffic();
    }

    @Test
    void e_wrongPskFromAnInitiatingStrongSwanIsRefusedByVpnd() throws Exception {
        // strongSwan now initiates towards vpnd's good-tunnel address with the wrong secret
        Files.writeString(dir.resolve("bad/swanctl/swanctl.conf"), badConfig("aes256gcm16-prfsha256-ecp256", "aes256gcm16",
                "198.51.100.0/24", "wrong-secret-000000000"));
        bad.swanctl("--load-all", "--file", dir.resolve("bad/swanctl/swanctl.conf").toString()).ok();
        Cmd.Result r = bad.initiate("net");
        assertNotEquals(0, r.exit(), "strongSwan must not get in with a wrong PSK: " + r.out());
        assertTrue(bad.log().contains("AUTHENTICATION_FAILED") || bad.log().contains("AUTH_FAILED"), bad.log());
        assertTrue(vpnd.log().contains("the pre-shared keys differ"), vpnd.log());
        goodTunnelStillCarriesTraffic();
    }

    @Test
    void f_theFixedConfigComesUp() throws Exception {
        Files.writeString(dir.resolve("bad/swanctl/swanctl.conf"),
                badConfig("aes256gcm16-prfsha256-ecp256", "aes256gcm16", "198.51.100.0/24", PSK));
        bad.swanctl("--load-all", "--file", dir.resolve("bad/swanctl/swanctl.conf").toString()).ok();
        vpnd.vpnctl("down", "bad").ok();
        vpnd.vpnctl("up", "bad").ok();
        vpnd.awaitState("bad", "UP", WAIT);
        Traffic.ping(lab, "L", "198.51.100.1", "203.0.113.1", vpnd.log());
        goodTunnelStillCarriesTraffic();
    }
}

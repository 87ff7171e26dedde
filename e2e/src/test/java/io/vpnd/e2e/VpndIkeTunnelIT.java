package io.vpnd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * vpnd↔vpnd over IKEv2 (left initiates, right responds, PSK): IPv4 and IPv6 inside, a
 * checksummed TCP transfer, traffic counters that agree between the two daemons, and a clean
 * shutdown of one end that the other sees at once as PEER_DELETE (no waiting for DPD).
 */
class VpndIkeTunnelIT {
    static final Duration UP = Duration.ofSeconds(45);
    @TempDir
    Path dir;
    NetnsLab lab;
    VpndProcess left;
    VpndProcess right;

    @BeforeEach
    void setUp() throws Exception {
        Prerequisites.requireNetnsAndTun();
        Prerequisites.requireCommand("ping");
        Prerequisites.requireCommand("socat");
        Prerequisites.requireBuiltVpnd();
        lab = NetnsLab.twoGateways("ike");
        Files.writeString(dir.resolve("L.yaml"), config("L", "192.0.2.1", "192.0.2.2", "left", "right",
                "198.51.100.0/24, 2001:db8:1::/48", "203.0.113.0/24, 2001:db8:2::/48", "initiate"));
        Files.writeString(dir.resolve("R.yaml"), config("R", "192.0.2.2", "192.0.2.1", "right", "left",
                "203.0.113.0/24, 2001:db8:2::/48", "198.51.100.0/24, 2001:db8:1::/48", "respond"));
        right = VpndProcess.start(lab.ns("R"), dir.resolve("R.yaml"), dir.resolve("R.sock"), UP);
        left = VpndProcess.start(lab.ns("L"), dir.resolve("L.yaml"), dir.resolve("L.sock"), UP);
        left.awaitState("t1", "UP", UP);
        right.awaitState("t1", "UP", UP);
    }

    String config(String side, String local, String remote, String id, String peer, String lnets, String rnets, String start) {
        return """
                api: { socket: %s/%s.sock }
                tunnels:
                  t1:
                    local: { address: %s, id: %s.vpn.test }
                    remote: { address: %s, id: %s.vpn.test }
                    auth: { psk: "ike-e2e-secret-0123456789" }
                    selectors: { local: [%s], remote: [%s] }
                    interface: { name: vti-t1 }
                    routes: [%s]
                    start: %s
                """.formatted(dir, side, local, id, remote, peer, lnets, rnets, rnets, start);
    }

    @AfterEach
    void tearDown() {
        if (left != null) left.close();
        if (right != null) right.close();
        if (lab != null) lab.close();
    }

    @Test
    void ikeTunnelCarriesTrafficAndShutdownIsSeenByThePeer() throws Exception {
        String ctx = "left:\n" + left.log() + "\nright:\n" + right.log();
        Traffic.ping(lab, "L", "198.51.100.1", "203.0.113.1", ctx);
        Traffic.ping(lab, "R", "203.0.113.1", "198.51.100.1", ctx);
        Traffic.ping(lab, "L", "2001:db8:1::1", "2001:db8:2::1", ctx);
        Traffic.ping(lab, "R", "2001:db8:2::1", "2001:db8:1::1", ctx);
        Traffic.tcpTransfer(lab, dir, "L", "198.51.100.1", "R", "203.0.113.1", 8 << 20);

        JsonNode l = Traffic.countersAgree(left, right, "t1");
        assertTrue(l.path("bytesOut").asLong() > 8 << 20, l.toString());
        assertEquals("ikev2", l.path("keying").asText());

        long stopped = System.nanoTime();
        assertEquals(0, left.stop(Duration.ofSeconds(20)), "vpnd exits 0 on SIGTERM\n" + left.log());
        right.awaitState("t1", "DOWN", Duration.ofSeconds(5));
        assertEquals("PEER_DELETE", right.tunnel("t1").path("reason").asText(), right.log());
        assertTrue(System.nanoTime() - stopped < Duration.ofSeconds(10).toNanos(), "seen within seconds, not after DPD");
        assertNotEquals(0, lab.exec("L", Duration.ofSeconds(10), "ip", "link", "show", "vti-t1").exit(), "L's interface is gone");
        assertFalse(lab.exec("R", Duration.ofSeconds(10), "ip", "route", "show", "proto", "118").out().contains("198.51.100.0/24"),
                "R withdrew its route when the tunnel went down");
    }

    @Test
    void ipv6OuterAddressesCarryTheTunnel() throws Exception {
        left.close();
        right.close();
        NetnsLab.ip("-n", lab.ns("L"), "addr", "add", "2001:db8:ff::1/64", "dev", "wan", "nodad");
        NetnsLab.ip("-n", lab.ns("R"), "addr", "add", "2001:db8:ff::2/64", "dev", "wan", "nodad");
        Files.writeString(dir.resolve("L6.yaml"), config("L6", "\"2001:db8:ff::1\"", "\"2001:db8:ff::2\"", "left", "right",
                "198.51.100.0/24", "203.0.113.0/24", "initiate").replace("tunnels:", "ike: { address: \"::\" }\ntunnels:"));
        Files.writeString(dir.resolve("R6.yaml"), config("R6", "\"2001:db8:ff::2\"", "\"2001:db8:ff::1\"", "right", "left",
                "203.0.113.0/24", "198.51.100.0/24", "respond").replace("tunnels:", "ike: { address: \"::\" }\ntunnels:"));
        right = VpndProcess.start(lab.ns("R"), dir.resolve("R6.yaml"), dir.resolve("R6.sock"), UP);
        left = VpndProcess.start(lab.ns("L"), dir.resolve("L6.yaml"), dir.resolve("L6.sock"), UP);
        left.awaitState("t1", "UP", UP);
        assertTrue(left.tunnel("t1").path("remoteAddress").asText().contains("2001:db8:ff::2"), left.tunnel("t1").toString());
        Traffic.ping(lab, "L", "198.51.100.1", "203.0.113.1", left.log());
        Traffic.tcpTransfer(lab, dir, "L", "198.51.100.1", "R", "203.0.113.1", 1 << 20);
    }
}

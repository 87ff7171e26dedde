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
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * vpnd against a real strongSwan (charon with kernel-libipsec) in network namespaces: vpnd as
 * initiator and as responder, pre-shared keys and ECDSA and RSA certificates, the proposals the
 * issue names, and vpnd behind a NAT. Each case: IKE up, ping both ways, a checksummed TCP
 * transfer, and vpnctl showing the tunnel UP with traffic and both SAs.
 */
class StrongSwanInteropIT {
    static final Duration UP = Duration.ofSeconds(45);
    static final String PSK = "interop-secret-0123456789";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    NetnsLab lab;
    VpndProcess vpnd;
    StrongSwan swan;

    enum Auth { PSK, ECDSA, RSA }

    @BeforeEach
    void prerequisites() {
        Prerequisites.requireNetnsAndTun();
        Prerequisites.requireCommand("ping");
        Prerequisites.requireCommand("socat");
        Prerequisites.requireCommand("swanctl");
        Prerequisites.requireBuiltVpnd();
    }

    @AfterEach
    void tearDown() {
        if (vpnd != null) vpnd.close();
        if (swan != null) swan.close();
        if (lab != null) lab.close();
    }

    /** vpnd's config: one tunnel "t1", {@code auth} a YAML flow mapping. */
    static String vpndConfig(Path dir, String local, String remote, String lnet, String rnet, String auth, String ike,
                             String esp, String start) {
        return """
                api: { socket: %s/vpnd.sock }
                ike: { address: %s }
                tunnels:
                  t1:
                    local: { address: %s, id: left.vpn.test }
                    remote: { address: %s, id: right.vpn.test }
                    auth: %s
                    ike: { proposals: [%s] }
                    esp: { proposals: [%s] }
                    selectors: { local: [%s], remote: [%s] }
                    interface: { name: vti-t1 }
                    routes: [%s]
                    start: %s
                """.formatted(dir, local, local, remote, auth, ike, esp, lnet, rnet, rnet, start);
    }

    /** strongSwan's swanctl.conf: connection "c" with child "net"; {@code localAuth}/{@code remoteAuth} are swanctl blocks. */
    static String swanConfig(String local, String remoteAddrs, String ike, String esp, String localAuth, String remoteAuth,
                             String lts, String rts, String secret) {
        return """
                connections {
                  c {
                    version = 2
                    local_addrs = %s
                    remote_addrs = %s
                    proposals = %s
                    encap = yes
                    local { %s }
                    remote { %s }
                    children {
                      net {
                        local_ts = %s
                        remote_ts = %s
                        esp_proposals = %s
                        start_action = none
                      }
                    }
                  }
                }
                secrets { ike-1 { id-1 = left.vpn.test
                                  id-2 = right.vpn.test
                                  secret = "%s" } }
                """.formatted(local, remoteAddrs, ike, localAuth, remoteAuth, lts, rts, esp, secret);
    }

    /** Brings up vpnd on L and strongSwan on R (or the NAT lab's R) and checks traffic both ways. */
    void runCase(boolean vpndInitiates, String ike, String esp, Auth auth, boolean nat) throws Exception {
        runCase(vpndInitiates, ike, esp, auth, nat, true);
    }

    /** {@code offload}: vpnd's {@code dataplane.offload} (on by default; off is configured explicitly). */
    void runCase(boolean vpndInitiates, String ike, String esp, Auth auth, boolean nat, boolean offload) throws Exception {
        lab = nat ? NetnsLab.behindNat("nat") : NetnsLab.twoGateways("swan");
        String vpndAddr = nat ? "169.254.100.2" : "192.0.2.1";
        Map<String, String> swanFiles = new HashMap<>();
        String vpndAuth;
        String swanLocal;
        String swanRemote;
        if (auth == Auth.PSK) {
            vpndAuth = "{ psk: \"" + PSK + "\" }";
            swanLocal = "auth = psk\n id = right.vpn.test";
            swanRemote = "auth = psk\n id = left.vpn.test";
        } else {
            TestPki pki = new TestPki(auth == Auth.RSA ? TestPki.KeyType.RSA : TestPki.KeyType.ECDSA);
            TestPki.Credential left = pki.issue("left.vpn.test");
            TestPki.Credential right = pki.issue("right.vpn.test");
            Files.writeString(dir.resolve("left.crt"), left.certPem());
            Files.writeString(dir.resolve("left.key"), left.keyPem());
            Files.writeString(dir.resolve("ca.crt"), pki.caPem());
            vpndAuth = "{ cert: " + dir.resolve("left.crt") + ", key: " + dir.resolve("left.key") + ", ca: [" + dir.resolve("ca.crt") + "] }";
            swanFiles.put("x509/right.pem", right.certPem());
            swanFiles.put("private/right.key", right.keyPem());
            swanFiles.put("x509ca/ca.pem", pki.caPem());
            swanLocal = "auth = pubkey\n certs = right.pem\n id = right.vpn.test";
            swanRemote = "auth = pubkey\n id = left.vpn.test";
        }
        swan = StrongSwan.start(lab.ns("R"), Files.createDirectories(dir.resolve("swan")),
                swanConfig("192.0.2.2", nat ? "%any" : "192.0.2.1", ike, esp, swanLocal, swanRemote,
                        "203.0.113.0/24", "198.51.100.0/24", PSK), swanFiles);
        Path cfg = dir.resolve("vpnd.yaml");
        Files.writeString(cfg, (offload ? "" : "dataplane: { offload: false }\n") + vpndConfig(dir, vpndAddr, "192.0.2.2", "198.51.100.0/24", "203.0.113.0/24", vpndAuth,
                ike, esp, vpndInitiates ? "initiate" : "respond"));
        vpnd = VpndProcess.start(lab.ns("L"), cfg, dir.resolve("vpnd.sock"), UP);
        if (!vpndInitiates) {
            Cmd.Result r = swan.initiate("net");
            assertEquals(0, r.exit(), "strongSwan's initiate failed:\n" + r.out() + "\n" + vpnd.log());
        }
        try {
            vpnd.awaitState("t1", "UP", UP);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\ncharon log:\n" + swan.log(), e);
        }
        String context = "vpnd log:\n" + vpnd.log() + "\ncharon log:\n" + swan.log();
        Traffic.ping(lab, "L", "198.51.100.1", "203.0.113.1", context);
        Traffic.ping(lab, "R", "203.0.113.1", "198.51.100.1", context);
        Traffic.tcpTransfer(lab, dir, "L", "198.51.100.1", "R", "203.0.113.1", 2 << 20);
        assertEquals(offload, vpnd.log().contains("UDP GSO/GRO on") && vpnd.log().contains("offloads on"),
                "TUN offloads and UDP GSO/GRO follow dataplane.offload:\n" + vpnd.log());
        if (!offload) {
            // larger transfers both ways on the one-packet-per-call path too
            Traffic.tcpTransfer(lab, dir, "L", "198.51.100.1", "R", "203.0.113.1", 16 << 20);
            Traffic.tcpTransfer(lab, dir, "R", "203.0.113.1", "L", "198.51.100.1", 8 << 20);
        }

        JsonNode t = vpnd.tunnel("t1");
        assertEquals("UP", t.path("state").asText());
        assertTrue(t.path("bytesOut").asLong() > 2 << 20, t.toString());
        assertTrue(t.path("packetsIn").asLong() > 10, t.toString());
        JsonNode sas = JSON.readTree(vpnd.vpnctl("sas", "--json").ok().out()).path("sas");
        assertTrue(sas.toString().contains("\"kind\":\"IKE\"") && sas.toString().contains("\"kind\":\"CHILD\""), sas.toString());
        String swanSas = swan.listSas();
        assertTrue(swanSas.contains("ESTABLISHED") && swanSas.contains("INSTALLED"), swanSas);
        if (nat) {
            assertTrue(swan.log().contains("remote host is behind NAT"), "strongSwan saw the NAT:\n" + swan.log());
            assertTrue(swanSas.contains("192.0.2.1") && !swanSas.contains("169.254.100.2"),
                    "strongSwan sees vpnd at the NAT's outside address:\n" + swanSas);
        }
    }

    @Test
    void vpndInitiatesPskAesGcm256Ecp256() throws Exception {
        runCase(true, "aes256gcm16-prfsha256-ecp256", "aes256gcm16", Auth.PSK, false);
    }

    @Test
    void strongSwanInitiatesPskAesCbc256Sha256Modp2048() throws Exception {
        runCase(false, "aes256-sha256-modp2048", "aes256-sha256", Auth.PSK, false);
    }

    @Test
    void vpndInitiatesPskAesGcm128Curve25519() throws Exception {
        runCase(true, "aes128gcm16-prfsha256-curve25519", "aes128gcm16", Auth.PSK, false);
    }

    @Test
    void vpndInitiatesWithEcdsaCertificates() throws Exception {
        runCase(true, "aes256gcm16-prfsha256-ecp256", "aes256gcm16", Auth.ECDSA, false);
    }

    @Test
    void strongSwanInitiatesWithRsaCertificates() throws Exception {
        runCase(false, "aes256-sha256-modp2048", "aes256gcm16", Auth.RSA, false);
    }

    /** The data plane with offloads switched off (one packet per system call) interoperates just as well. */
    @Test
    void vpndWithOffloadsOffInteroperates() throws Exception {
        runCase(true, "aes256gcm16-prfsha256-ecp256", "aes256gcm16", Auth.PSK, false, false);
    }

    @Test
    void vpndBehindNatReachesStrongSwan() throws Exception {
        runCase(true, "aes256gcm16-prfsha256-ecp256", "aes256gcm16", Auth.PSK, true);
    }
}

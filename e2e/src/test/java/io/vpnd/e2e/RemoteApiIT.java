package io.vpnd.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Fleet administration: the management API over HTTPS with mutual TLS (netty-tcnative/BoringSSL).
 * {@code vpnctl --host} with a client certificate from the configured CA works; without a
 * certificate, or with one from another CA, the connection is refused.
 */
class RemoteApiIT {
    @TempDir
    Path dir;
    NetnsLab lab;
    VpndProcess vpnd;

    @BeforeEach
    void setUp() throws Exception {
        Prerequisites.requireNetnsAndTun();
        Prerequisites.requireBuiltVpnd();
        lab = NetnsLab.twoGateways("api");
        TestPki pki = new TestPki(TestPki.KeyType.ECDSA);
        TestPki.Credential server = pki.issueForAddress("127.0.0.1");
        TestPki.Credential admin = pki.issue("admin.vpn.test");
        TestPki.Credential stranger = new TestPki(TestPki.KeyType.ECDSA).issue("admin.vpn.test");
        write("ca.crt", pki.caPem());
        write("server.crt", server.certPem());
        write("server.key", server.keyPem());
        write("admin.crt", admin.certPem());
        write("admin.key", admin.keyPem());
        write("stranger.crt", stranger.certPem());
        write("stranger.key", stranger.keyPem());
        write("vpnd.yaml", """
                api:
                  socket: %1$s/vpnd.sock
                  https: { listen: "127.0.0.1:8443", cert: %1$s/server.crt, key: %1$s/server.key, clientCa: %1$s/ca.crt }
                tunnels:
                  t1:
                    local: { address: 192.0.2.1 }
                    remote: { address: 192.0.2.2 }
                    auth: { psk: "remote-api-secret-0123" }
                    start: respond
                """.formatted(dir));
        vpnd = VpndProcess.start(lab.ns("L"), dir.resolve("vpnd.yaml"), dir.resolve("vpnd.sock"), Duration.ofSeconds(45));
    }

    void write(String name, String content) throws Exception {
        Files.writeString(dir.resolve(name), content);
    }

    @AfterEach
    void tearDown() {
        if (vpnd != null) vpnd.close();
        if (lab != null) lab.close();
    }

    Cmd.Result remote(String cert, String key, String... args) {
        List<String> c = new ArrayList<>(List.of(VpndHome.path().resolve("bin/vpnctl").toString(), "--host", "127.0.0.1:8443",
                "--cacert", dir.resolve("ca.crt").toString()));
        if (cert != null) c.addAll(List.of("--cert", dir.resolve(cert).toString(), "--key", dir.resolve(key).toString()));
        c.addAll(List.of(args));
        return Cmd.run(Duration.ofSeconds(30), Cmd.inNetns(lab.ns("L"), c.toArray(String[]::new)));
    }

    @Test
    void goodClientCertificateIsServedOthersAreRefused() {
        Cmd.Result ok = remote("admin.crt", "admin.key", "status", "--json");
        assertEquals(0, ok.exit(), ok.out() + ok.err());
        assertTrue(ok.out().contains("t1"), "out: " + ok.out() + "\nerr: " + ok.err());

        Cmd.Result stranger = remote("stranger.crt", "stranger.key", "status");
        assertEquals(1, stranger.exit(), "a certificate from another CA is refused: " + stranger.out());
        assertFalse(stranger.out().contains("t1"));

        Cmd.Result none = Cmd.run(Duration.ofSeconds(30), Cmd.inNetns(lab.ns("L"), "curl", "-s", "--cacert",
                dir.resolve("ca.crt").toString(), "https://127.0.0.1:8443/v1/status"));
        assertNotEquals(0, none.exit(), "no client certificate, no answer: " + none.out());
        assertFalse(none.out().contains("t1"));
    }
}

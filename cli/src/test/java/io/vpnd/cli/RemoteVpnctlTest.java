package io.vpnd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vpnctl --host} against an HTTPS server that requires client certificates (the JDK's
 * HttpsServer standing in for vpnd's BoringSSL listener, which the appliance module tests itself).
 */
@Timeout(60)
class RemoteVpnctlTest {

    @TempDir
    static Path dir;
    static HttpsServer server;
    static String hostPort;
    static Path caPem;
    static Path goodCert;
    static Path goodKey;
    static Path strangerCert;
    static Path strangerKey;
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        TestPki.Issued ca = TestPki.ca("vpnd test CA");
        TestPki.Issued otherCa = TestPki.ca("other CA");
        TestPki.Issued serverId = TestPki.leaf(ca, "vpnd", TestPki.ec(), true);
        TestPki.Issued client = TestPki.leaf(ca, "admin", TestPki.of("RSA"), false);
        TestPki.Issued stranger = TestPki.leaf(otherCa, "intruder", TestPki.ec(), false);
        caPem = TestPki.writeCerts(dir.resolve("ca.pem"), ca.cert());
        goodCert = TestPki.writeCerts(dir.resolve("admin.pem"), client.cert());
        goodKey = TestPki.writeTraditional(dir.resolve("admin.key"), client.key()); // PKCS#1
        strangerCert = TestPki.writeCerts(dir.resolve("intruder.pem"), stranger.cert());
        strangerKey = TestPki.writePkcs8(dir.resolve("intruder.key"), stranger.key());

        char[] pw = "x".toCharArray();
        KeyStore identity = KeyStore.getInstance("PKCS12");
        identity.load(null, null);
        identity.setKeyEntry("server", serverId.key(), pw, new X509Certificate[] {serverId.cert(), ca.cert()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity, pw);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.cert());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        server.createContext("/", exchange -> {
            SEEN.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            byte[] body = VpnctlTest.fixture("routes.json").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        hostPort = "127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aClientCertificateFromTheTrustedCaGetsIn() throws IOException {
        CliRun run = CliRun.run("--host", hostPort, "--cert", goodCert.toString(), "--key", goodKey.toString(),
                "--cacert", caPem.toString(), "routes");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("DESTINATION     TUNNEL"), run.out());
        assertTrue(SEEN.contains("GET /v1/routes"), SEEN.toString());
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedWithAClearMessage() {
        CliRun run = CliRun.run("--host", hostPort, "--cert", strangerCert.toString(), "--key",
                strangerKey.toString(), "--cacert", caPem.toString(), "status");
        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("vpnctl: "), run.err());
        assertTrue(run.err().contains("api.https.clientCa"), run.err());
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
    }

    @Test
    void aServerCertificateNotFromCacertIsRefused() {
        CliRun run = CliRun.run("--host", hostPort, "--cert", goodCert.toString(), "--key", goodKey.toString(),
                "status"); // no --cacert: the JDK's default trust store does not know the test CA
        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("vpnctl: vpnd's certificate at " + hostPort + " is not trusted: PKIX"),
                run.err());
        assertTrue(run.err().contains("Pass --cacert"), run.err());
    }

    @Test
    void aServerCertificateForAnotherNameIsRefused() {
        CliRun run = CliRun.run("--host", "localhost:" + server.getAddress().getPort(), "--cert", goodCert.toString(),
                "--key", goodKey.toString(), "--cacert", caPem.toString(), "status"); // the cert names 127.0.0.1
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("is not trusted: No name matching localhost found"), run.err());
    }

    @Test
    void nothingListeningIsConnectionRefused() throws IOException {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        CliRun run = CliRun.run("--host", "127.0.0.1:" + port, "--cert", goodCert.toString(), "--key",
                goodKey.toString(), "--cacert", caPem.toString(), "status");
        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("vpnctl: cannot connect to vpnd at 127.0.0.1:" + port
                + ": connection refused"), run.err());
    }
}

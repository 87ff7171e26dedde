package io.vpnd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

import javax.net.ssl.SSLContext;

import io.vpnd.net.HostPort;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS listener with required client certificates (BoringSSL), with a PKI generated at test
 * time: a client certificate from the configured CA gets in; none, or one from another CA, does not.
 */
@Timeout(60)
class MutualTlsTest {

    @TempDir
    static Path dir;
    static TestPki.Issued ca;
    static TestPki.Issued goodClient;
    static TestPki.Issued strangerClient;
    static MutualTlsFiles files;
    static ManagementApiServer server;
    static InetSocketAddress https;

    @BeforeAll
    static void startServer() throws Exception {
        ca = TestPki.ca("vpnd test CA");
        TestPki.Issued otherCa = TestPki.ca("some other CA");
        // RSA in PKCS#1 for the server exercises the traditional key format end to end
        TestPki.Issued serverCert = TestPki.server(ca, TestPki.rsaKeyPair());
        goodClient = TestPki.client(ca, "admin@example.net");
        strangerClient = TestPki.client(otherCa, "intruder");
        files = new MutualTlsFiles(
                TestPki.writeCerts(dir.resolve("server.crt"), serverCert.cert(), ca.cert()),
                TestPki.writeTraditionalKey(dir.resolve("server.key"), serverCert.key()),
                TestPki.writeCerts(dir.resolve("clients-ca.crt"), ca.cert()));
        server = ManagementApiServer.start(new ApiOptions(dir.resolve("vpnd.sock"), null,
                new HostPort(InetAddress.getLoopbackAddress(), 0), files, null, null), new FakeManagementService());
        https = server.httpsAddress().orElseThrow();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aClientCertificateFromTheConfiguredCaGetsStatus() throws Exception {
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            UnixHttp.Response response = TlsClient.get(TestPki.clientContext(goodClient, ca.cert()), https,
                    "/v1/status", protocol);
            assertEquals(200, response.status(), protocol);
            assertTrue(response.body().startsWith("{\"tunnels\":[{\"name\":\"aws-1\""), response.body());
            TlsClient.handshake(TestPki.clientContext(goodClient, ca.cert()), https, protocol);
        }
    }

    @Test
    void aClientWithoutCertificateIsRefused() throws Exception {
        SSLContext anonymous = TestPki.clientContext(null, ca.cert());
        // TLS 1.3 clients finish their side first, so the refusal arrives as an alert on first read
        assertThrows(IOException.class, () -> TlsClient.get(anonymous, https, "/v1/status", "TLSv1.3"));
        // TLS 1.2 shows that the refusal happens in the handshake itself
        assertThrows(IOException.class, () -> TlsClient.handshake(anonymous, https, "TLSv1.2"));
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefused() throws Exception {
        SSLContext stranger = TestPki.clientContext(strangerClient, ca.cert());
        assertThrows(IOException.class, () -> TlsClient.get(stranger, https, "/v1/status", "TLSv1.3"));
        assertThrows(IOException.class, () -> TlsClient.handshake(stranger, https, "TLSv1.2"));
    }

    @Test
    void theUnixSocketServesTheSameApiAlongside() throws IOException {
        assertEquals(200, UnixHttp.request(server.socket(), "GET", "/v1/routes").status());
    }

    @Test
    void metricsOverMutualTls() throws Exception {
        try (MetricsServer metrics = MetricsServer.start(new HostPort(InetAddress.getLoopbackAddress(), 0), files,
                () -> "vpnd_tunnel_state{tunnel=\"aws-1\"} 1.0\n")) {
            UnixHttp.Response response = TlsClient.get(TestPki.clientContext(goodClient, ca.cert()),
                    metrics.address(), "/metrics", "TLSv1.3");
            assertEquals(200, response.status());
            assertEquals("vpnd_tunnel_state{tunnel=\"aws-1\"} 1.0\n", response.body());
            assertThrows(IOException.class, () -> TlsClient.handshake(TestPki.clientContext(null, ca.cert()),
                    metrics.address(), "TLSv1.2"));
        }
    }

    @Test
    void missingPemFilesFailStartWithTheConfigKey() {
        MutualTlsFiles broken = new MutualTlsFiles(dir.resolve("absent.crt"), files.key(), files.clientCa());
        IOException e = assertThrows(IOException.class, () -> ManagementApiServer.start(new ApiOptions(
                dir.resolve("other.sock"), null, new HostPort(InetAddress.getLoopbackAddress(), 0), broken, null, null),
                new FakeManagementService()));
        assertEquals("api.https.cert: " + dir.resolve("absent.crt") + ": no such file", e.getMessage());
        assertTrue(!dir.resolve("other.sock").toFile().exists(), "nothing listens after a failed start");
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateFailsStart() throws Exception {
        Path wrongKey = TestPki.writePkcs8Key(dir.resolve("wrong.key"), TestPki.ecKeyPair().getPrivate());
        MutualTlsFiles mismatched = new MutualTlsFiles(files.cert(), wrongKey, files.clientCa());
        IOException e = assertThrows(IOException.class,
                () -> MetricsServer.start(new HostPort(InetAddress.getLoopbackAddress(), 0), mismatched, () -> ""));
        assertTrue(e.getMessage().startsWith("metrics.tls.key: " + wrongKey + " is not the key of the certificate "
                + "CN=vpnd-test-server in " + files.cert()), e.getMessage());
    }
}

package io.vpnd.ec2;

import org.junit.jupiter.api.Test;

import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The IMDSv2 client against a local service that speaks the token flow, and against no service at all. */
class InstanceMetadataClientTest {
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Map<String, String> EIP = Map.of(
            "meta-data/public-ipv4", "203.0.113.77",
            "meta-data/local-ipv4", "192.0.2.10");

    @Test
    void readsPublicAndLocalAddressesWithOneSessionToken() throws Exception {
        try (FakeInstanceMetadata imds = FakeInstanceMetadata.start(EIP)) {
            InstanceMetadataClient c = new InstanceMetadataClient(imds.endpoint(), SHORT);
            assertEquals(InetAddress.getByName("203.0.113.77"), c.publicIpv4());
            assertEquals(InetAddress.getByName("192.0.2.10"), c.localIpv4());
            assertEquals(1, imds.tokenRequests(), "the session token is reused");
            assertEquals("300", imds.lastTtl(), "the token request names a TTL, as IMDSv2 requires");
            assertEquals(0, imds.unauthorized(), "no GET went out without the token");
        }
    }

    @Test
    void theFakeRefusesGetsWithoutTokenSoTheClientMustUseTheFlow() throws Exception {
        try (FakeInstanceMetadata imds = FakeInstanceMetadata.start(EIP)) {
            HttpURLConnection plain = (HttpURLConnection) imds.endpoint().resolve("/latest/meta-data/public-ipv4")
                    .toURL().openConnection();
            assertEquals(401, plain.getResponseCode(), "an IMDSv1 GET is refused");
            plain.disconnect();
        }
    }

    @Test
    void anExpiredTokenIsRenewedOnce() throws Exception {
        try (FakeInstanceMetadata imds = FakeInstanceMetadata.start(EIP)) {
            InstanceMetadataClient c = new InstanceMetadataClient(imds.endpoint(), SHORT);
            c.publicIpv4();
            imds.expireTokens();
            assertEquals(InetAddress.getByName("192.0.2.10"), c.localIpv4());
            assertEquals(2, imds.tokenRequests());
            assertEquals(1, imds.unauthorized(), "one 401, then the fresh token");
        }
    }

    @Test
    void noPublicAddressAsksForAnElasticIp() throws Exception {
        try (FakeInstanceMetadata imds = FakeInstanceMetadata.start(Map.of("meta-data/local-ipv4", "192.0.2.10"))) {
            InstanceMetadataClient c = new InstanceMetadataClient(imds.endpoint(), SHORT);
            InstanceMetadataException e = assertThrows(InstanceMetadataException.class, c::publicIpv4);
            assertEquals("this EC2 instance has no public IPv4 address (instance metadata has no meta-data/public-ipv4):"
                    + " associate an Elastic IP with it, the address peers will see", e.getMessage());
        }
    }

    @Test
    void metadataTurnedOffIsSaidSo() throws Exception {
        try (FakeInstanceMetadata imds = FakeInstanceMetadata.start(EIP)) {
            imds.failTokenRequests(403);
            InstanceMetadataException e = assertThrows(InstanceMetadataException.class,
                    () -> new InstanceMetadataClient(imds.endpoint(), SHORT).publicIpv4());
            assertTrue(e.getMessage().contains("refused a session token (HTTP 403): it is turned off"), e.getMessage());
        }
    }

    @Test
    void anotherCloudsMetadataServerIsNotEc2() throws Exception {
        try (FakeInstanceMetadata imds = FakeInstanceMetadata.start(EIP)) {
            imds.failTokenRequests(404);
            InstanceMetadataException e = assertThrows(InstanceMetadataException.class,
                    () -> new InstanceMetadataClient(imds.endpoint(), SHORT).publicIpv4());
            assertEquals("not on EC2 (instance metadata at " + imds.endpoint()
                    + " answered the IMDSv2 token request with HTTP 404)", e.getMessage());
        }
    }

    @Test
    void anAnswerThatIsNotAnAddressIsRejectedWithoutResolvingIt() throws Exception {
        try (FakeInstanceMetadata imds = FakeInstanceMetadata.start(Map.of("meta-data/public-ipv4", "example.com"))) {
            InstanceMetadataException e = assertThrows(InstanceMetadataException.class,
                    () -> new InstanceMetadataClient(imds.endpoint(), SHORT).publicIpv4());
            assertTrue(e.getMessage().endsWith("is not an IPv4 address: \"example.com\""), e.getMessage());
        }
    }

    @Test
    void nothingListeningMeansNotOnEc2() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        long start = System.nanoTime();
        InstanceMetadataException e = assertThrows(InstanceMetadataException.class,
                () -> new InstanceMetadataClient(endpoint, SHORT).publicIpv4());
        assertTrue(e.getMessage().startsWith("not on EC2 (instance metadata at " + endpoint + " unreachable: "),
                e.getMessage());
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0,
                "fails fast: retries are few and short");
    }

    @Test
    void aServiceThatNeverAnswersTimesOutQuickly() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            // accepted by the kernel's backlog, never read: every request waits for its timeout
            URI endpoint = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            long start = System.nanoTime();
            InstanceMetadataException e = assertThrows(InstanceMetadataException.class,
                    () -> new InstanceMetadataClient(endpoint, Duration.ofMillis(200)).publicIpv4());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(e.getMessage().startsWith("not on EC2 (instance metadata at " + endpoint + " unreachable: "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("timed out"), e.getMessage());
            assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "bounded by attempts x timeout: " + took);
        }
    }

    @Test
    void theEndpointComesFromThePropertyThenTheAwsVariable() {
        String before = System.getProperty(InstanceMetadataClient.ENDPOINT_PROPERTY);
        try {
            System.setProperty(InstanceMetadataClient.ENDPOINT_PROPERTY, "http://127.0.0.1:8111/");
            assertEquals(URI.create("http://127.0.0.1:8111"), InstanceMetadataClient.fromEnvironment().endpoint());
            System.clearProperty(InstanceMetadataClient.ENDPOINT_PROPERTY);
            String env = System.getenv(InstanceMetadataClient.ENDPOINT_ENV);
            assertEquals(env == null ? InstanceMetadataClient.DEFAULT_ENDPOINT : URI.create(env.replaceAll("/+$", "")),
                    InstanceMetadataClient.fromEnvironment().endpoint());
        } finally {
            if (before != null) System.setProperty(InstanceMetadataClient.ENDPOINT_PROPERTY, before);
        }
    }

    @Test
    void onlyPlainHttpEndpointsAreAccepted() {
        assertThrows(IllegalArgumentException.class,
                () -> new InstanceMetadataClient(URI.create("https://169.254.169.254"), SHORT));
    }

}

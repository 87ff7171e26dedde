package io.vpnd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.vpnd.net.HostPort;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The plain-HTTP Prometheus endpoint. */
@Timeout(30)
class MetricsServerTest {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> send(MetricsServer server, String method, String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTheSuppliersTextOnEachScrape() throws Exception {
        AtomicInteger scrapes = new AtomicInteger();
        try (MetricsServer server = MetricsServer.start(new HostPort(InetAddress.getLoopbackAddress(), 0), null,
                () -> "# TYPE vpnd_scrapes counter\nvpnd_scrapes " + scrapes.incrementAndGet() + "\n")) {
            HttpResponse<String> first = send(server, "GET", "/metrics");
            assertEquals(200, first.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8",
                    first.headers().firstValue("content-type").orElseThrow());
            assertEquals("# TYPE vpnd_scrapes counter\nvpnd_scrapes 1\n", first.body());
            assertEquals("# TYPE vpnd_scrapes counter\nvpnd_scrapes 2\n", send(server, "GET", "/metrics").body());
        }
    }

    @Test
    void otherPathsAndMethodsAreRefused() throws Exception {
        try (MetricsServer server = MetricsServer.start(new HostPort(InetAddress.getLoopbackAddress(), 0), null, () -> "x 1\n")) {
            assertEquals(404, send(server, "GET", "/").statusCode());
            assertEquals(404, send(server, "GET", "/v1/status").statusCode());
            HttpResponse<String> post = send(server, "POST", "/metrics");
            assertEquals(405, post.statusCode());
            assertEquals("GET", post.headers().firstValue("allow").orElseThrow());
        }
    }

    @Test
    void aFailingSupplierIs500AndTheServerKeepsServing() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (MetricsServer server = MetricsServer.start(new HostPort(InetAddress.getLoopbackAddress(), 0), null, () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("registry closed");
            }
            return "ok 1\n";
        })) {
            HttpResponse<String> failed = send(server, "GET", "/metrics");
            assertEquals(500, failed.statusCode());
            assertTrue(failed.body().contains("registry closed"), failed.body());
            assertEquals("ok 1\n", send(server, "GET", "/metrics").body());
        }
    }

    @Test
    void aPortInUseFailsWithTheAddress() throws Exception {
        try (MetricsServer first = MetricsServer.start(new HostPort(InetAddress.getLoopbackAddress(), 0), null, () -> "")) {
            HostPort taken = new HostPort(InetAddress.getLoopbackAddress(), first.address().getPort());
            IOException e = assertThrows(IOException.class, () -> MetricsServer.start(taken, null, () -> ""));
            assertTrue(e.getMessage().startsWith("vpnd-metrics: cannot listen on http://" + taken), e.getMessage());
        }
    }
}

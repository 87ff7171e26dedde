package io.vpnd.ec2;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An EC2 instance metadata service on loopback that enforces IMDSv2 as EC2 does with
 * {@code HttpTokens=required}: {@code PUT /latest/api/token} with a TTL header of 1..21600
 * seconds returns a token; a {@code GET} without a valid token gets 401; a missing item 404.
 */
public final class FakeInstanceMetadata implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, String> items = new ConcurrentHashMap<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger unauthorized = new AtomicInteger();
    private volatile int tokenStatus = 200;
    private volatile String lastTtl;

    private FakeInstanceMetadata(HttpServer server) {
        this.server = server;
    }

    /** Starts on an ephemeral loopback port, serving {@code items} ("meta-data/public-ipv4" → value). */
    public static FakeInstanceMetadata start(Map<String, String> items) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeInstanceMetadata f = new FakeInstanceMetadata(s);
        f.items.putAll(items);
        s.createContext("/latest/", f::handle);
        s.start();
        return f;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Invalidates every token handed out so far, as a service restart or token expiry does. */
    public void expireTokens() {
        validTokens.clear();
    }

    /** Answers token requests with this status instead of a token (403: metadata turned off). */
    public void failTokenRequests(int status) {
        tokenStatus = status;
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    /** GETs refused for a missing or unknown token. */
    public int unauthorized() {
        return unauthorized.get();
    }

    /** The TTL header of the last token request. */
    public String lastTtl() {
        return lastTtl;
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            if (path.equals("/latest/api/token")) {
                if (!x.getRequestMethod().equals("PUT")) {
                    reply(x, 405, "");
                    return;
                }
                tokenRequests.incrementAndGet();
                String ttl = x.getRequestHeaders().getFirst("X-aws-ec2-metadata-token-ttl-seconds");
                lastTtl = ttl;
                if (ttl == null || !ttl.matches("\\d{1,5}") || Integer.parseInt(ttl) < 1
                        || Integer.parseInt(ttl) > 21600) {
                    reply(x, 400, "");
                    return;
                }
                if (tokenStatus != 200) {
                    reply(x, tokenStatus, "");
                    return;
                }
                String token = "AQAE" + UUID.randomUUID();
                validTokens.add(token);
                reply(x, 200, token);
                return;
            }
            if (!x.getRequestMethod().equals("GET")) {
                reply(x, 405, "");
                return;
            }
            String token = x.getRequestHeaders().getFirst("X-aws-ec2-metadata-token");
            if (token == null || !validTokens.contains(token)) {
                unauthorized.incrementAndGet();
                reply(x, 401, "");
                return;
            }
            String value = items.get(path.substring("/latest/".length()));
            if (value == null) reply(x, 404, "");
            else reply(x, 200, value);
        }
    }

    private static void reply(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) x.getResponseBody().write(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

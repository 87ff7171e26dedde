package io.vpnd.ec2;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A client of the EC2 instance metadata service in its session-oriented form, IMDSv2: a
 * {@code PUT /latest/api/token} with {@value #TOKEN_TTL_HEADER} returns a session token, which
 * every {@code GET /latest/meta-data/...} then carries in {@value #TOKEN_HEADER}. (IMDSv1's plain
 * GETs are refused on instances that require tokens, the recommended setting, so vpnd never uses
 * them.) Not thread-safe: one client serves one config load.
 *
 * <p>Requests never go through an HTTP proxy (the service is link-local), time out quickly, and
 * are retried a few times on connection failures and server errors, because a unit started early
 * at boot can race the instance's network; a missing item (HTTP 404) is not retried.
 */
public final class InstanceMetadataClient {
    /** Where EC2 serves instance metadata (its IPv6 twin, {@code http://[fd00:ec2::254]}, is opt-in). */
    public static final URI DEFAULT_ENDPOINT = URI.create("http://169.254.169.254");
    /** The variable AWS's SDKs and CLI read to serve instance metadata from elsewhere; vpnd honours it too. */
    public static final String ENDPOINT_ENV = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
    /** A system property that overrides {@link #ENDPOINT_ENV}, for tests in one JVM. */
    public static final String ENDPOINT_PROPERTY = "vpnd.ec2.metadataEndpoint";

    static final String TOKEN_PATH = "/latest/api/token";
    static final String TOKEN_TTL_HEADER = "X-aws-ec2-metadata-token-ttl-seconds";
    static final String TOKEN_HEADER = "X-aws-ec2-metadata-token";
    static final String PUBLIC_IPV4 = "meta-data/public-ipv4";
    static final String LOCAL_IPV4 = "meta-data/local-ipv4";
    /** vpnd asks for a few items right after getting a token; it needs no long-lived session. */
    static final Duration TOKEN_TTL = Duration.ofMinutes(5);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    static final int ATTEMPTS = 3;
    static final Duration RETRY_PAUSE = Duration.ofMillis(300);
    /** Items are short text; a larger answer is not instance metadata. */
    private static final int MAX_ANSWER = 4096;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final URI endpoint;
    private final Duration timeout;
    private String token;

    /**
     * @param endpoint scheme, host and port of the service, e.g. {@link #DEFAULT_ENDPOINT}
     * @param timeout  for connecting and for each answer
     */
    public InstanceMetadataClient(URI endpoint, Duration timeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (!"http".equals(endpoint.getScheme()) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("instance metadata endpoint must be http://host[:port], not " + endpoint);
        }
    }

    /**
     * The client for this process: {@link #ENDPOINT_PROPERTY}, else {@link #ENDPOINT_ENV}, else
     * {@link #DEFAULT_ENDPOINT}.
     */
    public static InstanceMetadataClient fromEnvironment() {
        String e = System.getProperty(ENDPOINT_PROPERTY);
        if (e == null || e.isBlank()) e = System.getenv(ENDPOINT_ENV);
        URI uri = e == null || e.isBlank() ? DEFAULT_ENDPOINT : URI.create(e.strip().replaceAll("/+$", ""));
        return new InstanceMetadataClient(uri, DEFAULT_TIMEOUT);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The instance's public IPv4 address: its Elastic IP when one is associated. */
    public Inet4Address publicIpv4() throws InstanceMetadataException {
        return ipv4(PUBLIC_IPV4, "this EC2 instance has no public IPv4 address (instance metadata has no "
                + PUBLIC_IPV4 + "): associate an Elastic IP with it, the address peers will see");
    }

    /** The instance's primary private IPv4 address, the source of its packets before EC2's 1:1 NAT. */
    public Inet4Address localIpv4() throws InstanceMetadataException {
        return ipv4(LOCAL_IPV4, "instance metadata has no " + LOCAL_IPV4);
    }

    private Inet4Address ipv4(String item, String whenAbsent) throws InstanceMetadataException {
        String text = get(item, whenAbsent).strip();
        // the literal check keeps InetAddress from resolving a name
        if (!IPV4.matcher(text).matches()) {
            throw new InstanceMetadataException(item + " from instance metadata at " + endpoint
                    + " is not an IPv4 address: \"" + printable(text) + "\"");
        }
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (UnknownHostException | ClassCastException e) {
            throw new InstanceMetadataException(item + " from instance metadata at " + endpoint
                    + " is not an IPv4 address: \"" + printable(text) + "\"");
        }
    }

    /**
     * One item below {@code /latest/} ({@code meta-data/public-ipv4}), as text.
     *
     * @param whenAbsent the message when the service says the item does not exist (HTTP 404)
     */
    public String get(String item, String whenAbsent) throws InstanceMetadataException {
        if (token == null) token = fetchToken();
        Answer a = withRetries("GET", "/latest/" + item, token);
        if (a.status == HttpURLConnection.HTTP_UNAUTHORIZED) {
            // the token expired or the service restarted: one fresh session, then give up
            token = fetchToken();
            a = withRetries("GET", "/latest/" + item, token);
        }
        return switch (a.status) {
            case HttpURLConnection.HTTP_OK -> a.body;
            case HttpURLConnection.HTTP_NOT_FOUND -> throw new InstanceMetadataException(whenAbsent);
            case HttpURLConnection.HTTP_UNAUTHORIZED -> throw new InstanceMetadataException("instance metadata at "
                    + endpoint + " rejected a fresh session token for " + item + " (HTTP 401)");
            default -> throw new InstanceMetadataException("instance metadata at " + endpoint + " answered HTTP "
                    + a.status + " for " + item);
        };
    }

    private String fetchToken() throws InstanceMetadataException {
        Answer a = withRetries("PUT", TOKEN_PATH, null);
        if (a.status == HttpURLConnection.HTTP_OK && !a.body.isBlank()) return a.body.strip();
        if (a.status == HttpURLConnection.HTTP_FORBIDDEN) {
            throw new InstanceMetadataException("instance metadata at " + endpoint + " refused a session token"
                    + " (HTTP 403): it is turned off for this instance (turn it on with: aws ec2"
                    + " modify-instance-metadata-options --instance-id ID --http-endpoint enabled)");
        }
        // another cloud's metadata server (they share the address) or something else entirely
        throw new InstanceMetadataException("not on EC2 (instance metadata at " + endpoint
                + " answered the IMDSv2 token request with HTTP " + a.status + ")");
    }

    private record Answer(int status, String body) { }

    private Answer withRetries(String method, String path, String sessionToken) throws InstanceMetadataException {
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) pause();
            try {
                Answer a = exchange(method, path, sessionToken);
                if (a.status < 500) return a;
                last = new IOException("HTTP " + a.status);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new InstanceMetadataException("not on EC2 (instance metadata at " + endpoint + " unreachable: "
                + describe(last) + ")", last);
    }

    private Answer exchange(String method, String path, String sessionToken) throws IOException {
        HttpURLConnection c = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection(Proxy.NO_PROXY);
        try {
            c.setRequestMethod(method);
            c.setConnectTimeout((int) timeout.toMillis());
            c.setReadTimeout((int) timeout.toMillis());
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            if (sessionToken == null) {
                c.setRequestProperty(TOKEN_TTL_HEADER, Long.toString(TOKEN_TTL.toSeconds()));
                c.setDoOutput(true);
                c.setFixedLengthStreamingMode(0);
                c.getOutputStream().close();
            } else {
                c.setRequestProperty(TOKEN_HEADER, sessionToken);
            }
            int status = c.getResponseCode();
            if (status != HttpURLConnection.HTTP_OK) return new Answer(status, "");
            try (InputStream in = c.getInputStream()) {
                byte[] body = in.readNBytes(MAX_ANSWER + 1);
                if (body.length > MAX_ANSWER) throw new IOException("answer longer than " + MAX_ANSWER + " octets");
                return new Answer(status, new String(body, StandardCharsets.UTF_8));
            }
        } finally {
            c.disconnect();
        }
    }

    private static String describe(IOException e) {
        if (e == null) return "no answer";
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static void pause() throws InstanceMetadataException {
        try {
            Thread.sleep(RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstanceMetadataException("interrupted while asking instance metadata", e);
        }
    }
}

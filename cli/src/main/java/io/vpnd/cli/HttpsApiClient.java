package io.vpnd.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * Talks to a remote vpnd's HTTPS management API with a client certificate (mutual TLS), through the
 * JDK's HttpClient pinned to HTTP/1.1. vpnd's certificate is verified against {@code --cacert},
 * including its name: use the host name or IP address the certificate was issued for.
 */
final class HttpsApiClient implements ApiClient {

    private final String hostPort;
    private final Duration timeout;
    private final HttpClient http;

    HttpsApiClient(String hostPort, SSLContext tls, Duration timeout) {
        this.hostPort = hostPort;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(tls)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public ApiResponse send(String method, String path) throws VpnctlException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + hostPort + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/json")
                .timeout(timeout)
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new HashMap<>();
            for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
                List<String> values = header.getValue();
                headers.put(header.getKey().toLowerCase(Locale.ROOT), values.get(values.size() - 1));
            }
            return new ApiResponse(response.statusCode(), Map.copyOf(headers), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VpnctlException("interrupted");
        } catch (IOException e) {
            throw new VpnctlException(explain(e), e);
        }
    }

    private String explain(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "cannot connect to vpnd at " + hostPort + ": no answer within " + timeout.toSeconds() + " s";
        }
        if (e instanceof HttpTimeoutException) {
            return "vpnd at " + hostPort + " did not answer within " + timeout.toSeconds() + " s";
        }
        if (causedBy(e, ConnectException.class)) {
            return "cannot connect to vpnd at " + hostPort + ": connection refused (is api.https.listen set, "
                    + "and the port open?)";
        }
        SSLException tls = cause(e, SSLException.class);
        String detail = tls != null ? tls.getMessage() : String.valueOf(e.getMessage());
        if (detail.contains("PKIX") || detail.contains("No name matching") || detail.contains("No subject alternative")) {
            return "vpnd's certificate at " + hostPort + " is not trusted: " + detail + ". Pass --cacert with the CA "
                    + "that issued it, and use a host name or address the certificate names";
        }
        if (tls != null || detail.contains("alert")) {
            return "TLS with vpnd at " + hostPort + " failed: " + detail + ". vpnd requires a client certificate "
                    + "issued by a CA in its api.https.clientCa: check --cert/--key";
        }
        // TLS 1.3 servers refuse a client certificate after the client considers the handshake done,
        // so the JDK client often sees only the connection closing before any answer
        return "vpnd at " + hostPort + " closed the connection without answering (" + detail + "): most likely it "
                + "refused the client certificate; vpnd requires one issued by a CA in its api.https.clientCa: "
                + "check --cert/--key";
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        return cause(e, type) != null;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}

package io.vpnd.api;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A listen address as written in the config ({@code 127.0.0.1:9100}, {@code [::1]:8443},
 * {@code localhost:9100}, or {@code :9100} for every local address).
 *
 * @param host literal address or name; empty means the wildcard address
 * @param port 0 to 65535 (0 picks a free port, useful in tests)
 */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0..65535: " + port);
        }
    }

    /** Parses {@code host:port}, {@code [v6]:port} or {@code :port}; the message says what is wrong. */
    public static HostPort parse(String text) {
        Objects.requireNonNull(text, "text");
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("expected [IPv6]:PORT, got '" + text + "'");
            }
            host = text.substring(1, close);
            portText = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0 || text.indexOf(':') != colon) {
                throw new IllegalArgumentException("expected HOST:PORT (IPv6 as [ADDR]:PORT), got '" + text + "'");
            }
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number in '" + text + "'");
        }
        return new HostPort(host, port);
    }

    /** The address to bind; resolves {@link #host} now. */
    public InetSocketAddress toSocketAddress() {
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}

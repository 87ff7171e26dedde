package io.vpnd.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A TCP listen endpoint: an IP address and a port, written {@code 127.0.0.1:9469} or
 * {@code [::1]:9469} (all local addresses: {@code 0.0.0.0:9469} or {@code [::]:9469}). The host
 * is an IP literal, never a name: vpnd does not resolve names.
 *
 * @param address the address to bind
 * @param port    0 to 65535; 0 (the kernel picks a free port) only when built in code, e.g. by tests
 */
public record HostPort(InetAddress address, int port) {

    public HostPort {
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " out of range 0..65535");
    }

    /** Parses {@code ADDRESS:PORT} with IPv6 in brackets and a port 1..65535; the message says what is wrong. */
    public static HostPort parse(String text) {
        String s = text.strip();
        String usage = " (use host:port with an IP literal, e.g. 127.0.0.1:9469 or [::1]:9469)";
        int colon = s.lastIndexOf(':');
        if (colon < 0) throw new IllegalArgumentException("\"" + text + "\" has no port" + usage);
        String host = s.substring(0, colon);
        String port = s.substring(colon + 1);
        if (host.contains(":") && !(host.startsWith("[") && host.endsWith("]"))) {
            throw new IllegalArgumentException("\"" + text + "\": write an IPv6 host in brackets" + usage);
        }
        InetAddress address;
        try {
            address = Addresses.parse(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + text + "\": \"" + host + "\" is not an IP address" + usage);
        }
        int p = port.matches("\\d{1,5}") ? Integer.parseInt(port) : -1;
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("\"" + text + "\": port must be 1..65535" + usage);
        }
        return new HostPort(address, p);
    }

    /** The address to bind (no name lookup). */
    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(address, port);
    }

    @Override
    public String toString() {
        return Addresses.isIpv6(address) ? "[" + Addresses.format(address) + "]:" + port
                : Addresses.format(address) + ":" + port;
    }
}

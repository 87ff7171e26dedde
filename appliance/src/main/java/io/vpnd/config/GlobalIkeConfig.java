package io.vpnd.config;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Where the IKE (UDP 500) and NAT-T (UDP 4500, RFC 3948) sockets bind. A wildcard address
 * (0.0.0.0, or :: for both families) lets tunnels use any local address of that family.
 */
public record GlobalIkeConfig(InetAddress address, int port, int natPort) {
    /** RFC 7296 §2: IKE messages use UDP port 500. */
    public static final int DEFAULT_PORT = 500;
    /** RFC 3948 §2/RFC 7296 §2.23: UDP-encapsulated ESP and IKE after NAT detection use port 4500. */
    public static final int DEFAULT_NAT_PORT = 4500;

    public GlobalIkeConfig {
        Objects.requireNonNull(address, "address");
    }

    public boolean isWildcard() {
        return address.isAnyLocalAddress();
    }
}

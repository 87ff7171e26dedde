package io.vpnd.config;

import io.vpnd.net.Cidr;

import java.util.Objects;
import java.util.Optional;

/**
 * The TUN interface of a tunnel.
 *
 * @param name    interface name, unique among tunnels, at most 15 characters (IFNAMSIZ - 1);
 *                defaults to one derived from the tunnel name
 * @param mtu     inner MTU, 576..9000 (at least 1280 when the tunnel carries IPv6)
 * @param address optional inside address with prefix, e.g. AWS's 169.254.x.y/30
 */
public record InterfaceConfig(String name, int mtu, Optional<Cidr> address) {
    public static final int DEFAULT_MTU = 1400;
    public static final int MIN_MTU = 576;
    /** RFC 8200 §5: every IPv6 link has an MTU of at least 1280. */
    public static final int MIN_IPV6_MTU = 1280;
    public static final int MAX_MTU = 9000;
    /** Linux IFNAMSIZ (16) minus the terminating NUL. */
    public static final int MAX_NAME_LENGTH = 15;

    public InterfaceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
    }
}

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
 * @param mss     TCP MSS clamp for IPv4 SYNs crossing the tunnel: {@link #MSS_AUTO} (MTU − 40),
 *                {@link #MSS_OFF}, or a value; IPv6 SYNs get 20 less (their header is 20 octets longer)
 */
public record InterfaceConfig(String name, int mtu, Optional<Cidr> address, int mss) {
    /** Clamp to what fits the tunnel's MTU (AWS: 1406 for MTU 1446). */
    public static final int MSS_AUTO = -1;
    /** Leave MSS options alone. */
    public static final int MSS_OFF = 0;
    public static final int MIN_MSS = 536;
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

    /** The interface with the default MSS clamp (auto). */
    public InterfaceConfig(String name, int mtu, Optional<Cidr> address) {
        this(name, mtu, address, MSS_AUTO);
    }

    /** The MSS IPv4 SYNs are clamped to, or 0 for none. */
    public int mssClampIpv4() {
        return mss == MSS_AUTO ? mtu - 40 : mss;
    }

    /** The MSS IPv6 SYNs are clamped to, or 0 for none. */
    public int mssClampIpv6() {
        return mss == MSS_AUTO ? mtu - 60 : mss == MSS_OFF ? 0 : mss - 20;
    }
}

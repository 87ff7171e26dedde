package io.vpnd.config;

import java.net.InetAddress;
import java.util.Objects;

/**
 * This end of a tunnel.
 *
 * @param address source address of IKE and ESP packets
 * @param id      IKE identity; defaults to {@code address} as strongSwan does
 */
public record LocalConfig(InetAddress address, IkeIdentity id) {
    public LocalConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(id, "id");
    }
}

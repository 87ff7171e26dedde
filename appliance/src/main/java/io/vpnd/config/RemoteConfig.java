package io.vpnd.config;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The peer of a tunnel.
 *
 * @param address the peer's address; empty for {@code any} (respond to whoever authenticates)
 * @param id      identity the peer must prove; defaults to its address, and is empty (any
 *                identity the credentials vouch for) when address is {@code any} and no id is given
 * @param port    the peer's IKE port (defaults to the global {@code ike.port})
 * @param natPort the peer's NAT-T/ESP-in-UDP port (defaults to the global {@code ike.natPort})
 */
public record RemoteConfig(Optional<InetAddress> address, Optional<IkeIdentity> id, int port, int natPort) {
    public RemoteConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(id, "id");
    }

    /** True for {@code address: any}. */
    public boolean isAny() {
        return address.isEmpty();
    }
}

package io.vpnd.config;

import io.vpnd.net.Cidr;
import io.vpnd.net.TrafficSelector;

import java.util.List;

/**
 * Traffic selectors of the Child SA: prefixes on this side ({@code local}) and on the peer's
 * ({@code remote}). Default, when the block is absent, is 0.0.0.0/0 on both sides: a
 * route-based tunnel where routing picks the traffic, as AWS Site-to-Site VPN does. Every
 * address family on one side is also on the other.
 */
public record SelectorsConfig(List<Cidr> local, List<Cidr> remote) {
    public static final SelectorsConfig ANY_IPV4 =
            new SelectorsConfig(List.of(Cidr.parse("0.0.0.0/0")), List.of(Cidr.parse("0.0.0.0/0")));

    public SelectorsConfig {
        local = List.copyOf(local);
        remote = List.copyOf(remote);
    }

    public List<TrafficSelector> localSelectors() {
        return local.stream().map(Cidr::toTrafficSelector).toList();
    }

    public List<TrafficSelector> remoteSelectors() {
        return remote.stream().map(Cidr::toTrafficSelector).toList();
    }

    /** True when any selector is IPv6 (the tunnel then needs an MTU of at least 1280). */
    public boolean hasIpv6() {
        return local.stream().anyMatch(Cidr::isIpv6) || remote.stream().anyMatch(Cidr::isIpv6);
    }
}

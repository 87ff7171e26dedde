package io.vpnd.config;

import io.vpnd.net.Cidr;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One tunnel: a route-based IPsec connection with its own TUN interface. With {@code manual}
 * the Child SA pair is keyed statically (no IKE; {@code auth}, {@code start} and {@code dpd} are
 * then unused); otherwise IKEv2 negotiates it and {@code auth} is present.
 *
 * @param name      the tunnel's name ({@code [A-Za-z0-9._-]{1,64}})
 * @param local     this end's outer address and IKE identity
 * @param remote    the peer's outer address (or any), identity and ports
 * @param auth      how IKE authenticates; present unless {@code manual}
 * @param ike       IKE SA proposals and lifetimes (defaults when the block is absent)
 * @param esp       Child SA proposals, lifetimes and replay window
 * @param dpd       dead peer detection
 * @param selectors traffic selectors of the Child SA
 * @param iface     the TUN interface (the YAML key is {@code interface})
 * @param routes    prefixes routed into the interface while the tunnel is up
 * @param start     whether this end initiates or waits for the peer
 * @param encap     UDP encapsulation of ESP (RFC 3948) even without NAT, as strongSwan's
 *                  {@code encap = yes}; always true, because vpnd's userspace data plane only
 *                  sends and receives ESP in UDP (port 4500) — the loader rejects false
 * @param manual    static keys instead of IKE
 * @param routeMetric kernel metric of the tunnel's routes: with two tunnels routing the same prefix,
 *                  the lower metric carries the traffic while it is up (active/standby, as AWS's two
 *                  tunnels per connection)
 */
public record TunnelConfig(String name, LocalConfig local, RemoteConfig remote, Optional<AuthConfig> auth,
                           IkeSaConfig ike, EspConfig esp, DpdConfig dpd, SelectorsConfig selectors,
                           InterfaceConfig iface, List<Cidr> routes, StartAction start, boolean encap,
                           Optional<ManualSaConfig> manual, int routeMetric) {
    /** The route metric when none is configured. */
    public static final int DEFAULT_ROUTE_METRIC = 100;


    public TunnelConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(ike, "ike");
        Objects.requireNonNull(esp, "esp");
        Objects.requireNonNull(dpd, "dpd");
        Objects.requireNonNull(selectors, "selectors");
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(manual, "manual");
        routes = List.copyOf(routes);
    }

    /** True when the SAs are keyed statically instead of by IKE. */
    public boolean isManual() {
        return manual.isPresent();
    }
}

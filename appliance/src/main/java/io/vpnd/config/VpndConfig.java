package io.vpnd.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole validated config file ({@code contracts/vpnd.example.yaml}); built only by
 * {@link ConfigLoader}, so every instance has passed validation.
 *
 * @param source    the file it was read from (relative paths in it are resolved against its directory)
 * @param api       the management API (vpnctl socket, optional HTTPS)
 * @param metrics   the Prometheus endpoint, if any
 * @param ike       IKE/NAT-T socket bind address and ports
 * @param dataplane data-plane threading and offload
 * @param tunnels   tunnels by name, in file order
 */
public record VpndConfig(Path source, ApiConfig api, MetricsConfig metrics, GlobalIkeConfig ike,
                         DataplaneConfig dataplane, Map<String, TunnelConfig> tunnels) {

    public VpndConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(ike, "ike");
        Objects.requireNonNull(dataplane, "dataplane");
        tunnels = Collections.unmodifiableMap(new LinkedHashMap<>(tunnels));
    }

    public Optional<TunnelConfig> tunnel(String name) {
        return Optional.ofNullable(tunnels.get(name));
    }
}

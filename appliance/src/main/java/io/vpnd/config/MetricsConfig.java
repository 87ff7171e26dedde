package io.vpnd.config;

import io.vpnd.net.HostPort;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The Prometheus endpoint ({@code GET /metrics}): absent means no endpoint; with {@code tls} it
 * serves HTTPS, requiring client certificates when {@code clientCa} is given.
 */
public record MetricsConfig(Optional<HostPort> prometheus, Optional<TlsConfig> tls) {
    public static final MetricsConfig NONE = new MetricsConfig(Optional.empty(), Optional.empty());

    public MetricsConfig {
        Objects.requireNonNull(prometheus, "prometheus");
        Objects.requireNonNull(tls, "tls");
    }

    /** TLS for the metrics endpoint. */
    public record TlsConfig(Path cert, Path key, Optional<Path> clientCa) {
        public TlsConfig {
            Objects.requireNonNull(cert, "cert");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(clientCa, "clientCa");
        }
    }
}

package io.vpnd.config;

import io.vpnd.net.HostPort;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The management API: the unix socket vpnctl talks to (mode 0660, owned by {@code group} when
 * given) and an optional HTTPS listener with client certificates for remote vpnctl.
 */
public record ApiConfig(Path socket, Optional<String> group, Optional<HttpsConfig> https) {
    public static final Path DEFAULT_SOCKET = Path.of("/run/vpnd/vpnd.sock");

    public ApiConfig {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(https, "https");
    }

    /**
     * The HTTPS listener of the management API. Client certificates are mandatory (mTLS): the
     * API can take tunnels down.
     *
     * @param listen   address and port to listen on
     * @param cert     server certificate (PEM)
     * @param key      server private key (PEM)
     * @param clientCa CA certificates (PEM) that client certificates must chain to
     */
    public record HttpsConfig(HostPort listen, Path cert, Path key, Path clientCa) {
        public HttpsConfig {
            Objects.requireNonNull(listen, "listen");
            Objects.requireNonNull(cert, "cert");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(clientCa, "clientCa");
        }
    }
}

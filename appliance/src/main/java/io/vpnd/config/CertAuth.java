package io.vpnd.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Certificate authentication: this end's certificate and private key (PEM), and the CA
 * certificates the peer's certificate must chain to. The loader checks that the files are
 * readable, not that they parse.
 */
public record CertAuth(Path cert, Path key, List<Path> ca) implements AuthConfig {
    public CertAuth {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
        ca = List.copyOf(ca);
    }
}

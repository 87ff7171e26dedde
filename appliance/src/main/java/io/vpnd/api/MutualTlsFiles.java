package io.vpnd.api;

import java.nio.file.Path;
import java.util.Objects;

/**
 * PEM files for a TLS listener that requires client certificates.
 *
 * @param cert     server certificate chain, leaf first
 * @param key      server private key: PKCS#8, PKCS#1 (RSA) or SEC1 (EC); not encrypted
 * @param clientCa CA certificate(s) that client certificates must chain to
 */
public record MutualTlsFiles(Path cert, Path key, Path clientCa) {

    public MutualTlsFiles {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(clientCa, "clientCa");
    }
}

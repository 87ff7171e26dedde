package io.vpnd.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * Builds the server-side TLS context shared by the HTTPS management API and the metrics endpoint:
 * BoringSSL (netty-tcnative), TLS 1.2/1.3 only, and a client certificate chaining to the configured
 * CA is required, so clients without one, or with one from another CA, fail the handshake.
 */
final class MutualTls {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private MutualTls() {
    }

    /**
     * @param files     the PEM files
     * @param keyPrefix config key the files came from (e.g. {@code api.https}), used in error messages
     */
    static SslContext serverContext(MutualTlsFiles files, String keyPrefix) throws IOException {
        if (!OpenSsl.isAvailable()) {
            throw new IOException(keyPrefix + ": BoringSSL (netty-tcnative) is not available on this machine: "
                    + OpenSsl.unavailabilityCause());
        }
        List<X509Certificate> chain = PemFiles.certificates(files.cert(), keyPrefix + ".cert");
        PrivateKey key = PemFiles.privateKey(files.key(), keyPrefix + ".key");
        List<X509Certificate> clientCas = PemFiles.certificates(files.clientCa(), keyPrefix + ".clientCa");
        checkKeyMatches(chain.get(0), key, files, keyPrefix);
        try {
            return SslContextBuilder.forServer(key, chain.toArray(X509Certificate[]::new))
                    .sslProvider(SslProvider.OPENSSL)
                    .protocols(PROTOCOLS)
                    .trustManager(clientCas.toArray(X509Certificate[]::new))
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
        } catch (IOException | RuntimeException e) {
            // Typically a key that does not match the certificate.
            throw new IOException(keyPrefix + ": cannot build TLS context from " + files.cert() + " and "
                    + files.key() + ": " + e.getMessage(), e);
        }
    }

    /**
     * BoringSSL accepts a key that does not belong to the certificate and only fails handshakes
     * later; signing and verifying a probe makes that a start-up error instead.
     */
    private static void checkKeyMatches(X509Certificate leaf, PrivateKey key, MutualTlsFiles files,
                                        String keyPrefix) throws IOException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> null; // unusual key type: leave the check to the TLS stack
        };
        if (algorithm == null) {
            return;
        }
        byte[] probe = "vpnd key/certificate match".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false; // e.g. an EC key against an RSA certificate
        }
        if (!matches) {
            throw new IOException(keyPrefix + ".key: " + files.key() + " is not the key of the certificate "
                    + leaf.getSubjectX500Principal().getName() + " in " + files.cert());
        }
    }
}

package io.vpnd.ike;

import io.vpnd.config.AuthConfig;
import io.vpnd.config.CertAuth;
import io.vpnd.config.PskAuth;
import io.vpnd.ike.crypto.CertificateValidator;
import io.vpnd.ike.crypto.CredentialException;
import io.vpnd.ike.crypto.PemCredentials;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.nio.file.Path;

/**
 * A tunnel's authentication material, loaded from the files its config names: a pre-shared key,
 * or a certificate chain with its private key and the CAs that peers' certificates must chain to.
 * Never printed.
 */
public final class TunnelCredentials {
    private final byte[] psk;
    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final CertificateValidator validator;

    private TunnelCredentials(byte[] psk, List<X509Certificate> chain, PrivateKey key, CertificateValidator validator) {
        this.psk = psk;
        this.chain = chain;
        this.key = key;
        this.validator = validator;
    }

    /** A file named by the config could not be read or parsed. */
    public static final class CredentialLoadException extends Exception {
        public CredentialLoadException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Loads what {@code auth} names. */
    public static TunnelCredentials load(AuthConfig auth, Clock clock) throws CredentialLoadException {
        if (auth instanceof PskAuth p) return new TunnelCredentials(p.secret(), List.of(), null, null);
        CertAuth c = (CertAuth) auth;
        try {
            List<X509Certificate> chain = PemCredentials.readCertificates(c.cert());
            PrivateKey key = PemCredentials.readPrivateKey(c.key());
            List<X509Certificate> cas = new ArrayList<>();
            for (Path ca : c.ca()) cas.addAll(PemCredentials.readCaBundle(ca));
            return new TunnelCredentials(null, List.copyOf(chain), key, cas.isEmpty() ? null : new CertificateValidator(cas, clock));
        } catch (CredentialException e) {
            throw new CredentialLoadException(e.getMessage(), e);
        }
    }

    public boolean isPsk() { return psk != null; }

    /** The pre-shared key (a copy). */
    public byte[] psk() { return psk.clone(); }

    /** Our certificate first, then intermediates. */
    public List<X509Certificate> chain() { return chain; }

    public PrivateKey privateKey() { return key; }

    /** Validates peers' certificates, or null when no CA is configured. */
    public CertificateValidator validator() { return validator; }

    @Override
    public String toString() {
        return isPsk() ? "TunnelCredentials[psk]" : "TunnelCredentials[cert " + chain.get(0).getSubjectX500Principal() + "]";
    }
}

package io.vpnd.api;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the PEM files of a TLS listener with Bouncy Castle, so that errors name the file and say
 * what is wrong with it (rather than surfacing as an SSL provider stack trace). Keys: PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1 ({@code EC PRIVATE KEY});
 * encrypted keys are refused because the daemon has no one to ask for a passphrase.
 */
final class PemFiles {

    private PemFiles() {
    }

    /** All certificates in {@code file}, in file order; at least one. */
    static List<X509Certificate> certificates(Path file, String key) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = open(file, key)) {
            Object item;
            while ((item = readItem(parser, file, key)) != null) {
                if (item instanceof X509CertificateHolder holder) {
                    try {
                        certs.add(converter.getCertificate(holder));
                    } catch (CertificateException e) {
                        throw new IOException(key + ": " + file + ": unusable certificate: " + e.getMessage(), e);
                    }
                }
            }
        }
        if (certs.isEmpty()) {
            throw new IOException(key + ": " + file + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in file");
        }
        return certs;
    }

    /** The one private key in {@code file}. */
    static PrivateKey privateKey(Path file, String key) throws IOException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = open(file, key)) {
            Object item;
            while ((item = readItem(parser, file, key)) != null) {
                if (item instanceof PEMEncryptedKeyPair || item instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IOException(key + ": " + file
                            + ": private key is encrypted; vpnd needs an unencrypted key (protect it with file mode 0600)");
                }
                if (item instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (item instanceof PEMKeyPair pair) {
                    // the private half only: SEC1 keys may omit the public key
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        } catch (org.bouncycastle.openssl.PEMException e) {
            throw new IOException(key + ": " + file + ": unusable private key: " + e.getMessage(), e);
        }
        throw new IOException(key + ": " + file
                + ": no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY) in file");
    }

    private static PEMParser open(Path file, String key) throws IOException {
        try {
            Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
            return new PEMParser(reader);
        } catch (NoSuchFileException e) {
            throw new IOException(key + ": " + file + ": no such file", e);
        } catch (IOException e) {
            throw new IOException(key + ": " + file + ": cannot read: " + e, e);
        }
    }

    private static Object readItem(PEMParser parser, Path file, String key) throws IOException {
        try {
            return parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new IOException(key + ": " + file + ": malformed PEM: " + e.getMessage(), e);
        }
    }
}

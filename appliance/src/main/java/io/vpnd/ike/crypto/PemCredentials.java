package io.vpnd.ike.crypto;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads PEM credentials with bcpkix: certificates and chains ("CERTIFICATE" blocks, in file
 * order), CA bundles (a file of certificates, or a directory of such files), and unencrypted
 * private keys in PKCS#8 ("PRIVATE KEY"), PKCS#1 ("RSA PRIVATE KEY") or SEC1 ("EC PRIVATE KEY")
 * form. Errors are {@link CredentialException}s naming the file.
 */
public final class PemCredentials {
    private PemCredentials() {
    }

    /** All certificates of a PEM file, in order (for a chain: end entity first by convention). */
    public static List<X509Certificate> readCertificates(Path file) throws CredentialException {
        return readCertificates(read(file), file.toString());
    }

    /** All certificates in PEM text; {@code source} names it in error messages. */
    public static List<X509Certificate> readCertificates(String pem, String source) throws CredentialException {
        List<X509Certificate> out = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder holder) {
                    out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(holder.getEncoded())));
                } else {
                    throw new CredentialException(source + ": expected only CERTIFICATE blocks, found "
                            + describe(o));
                }
            }
        } catch (IOException | CertificateException | IllegalArgumentException e) {
            throw new CredentialException(source + ": not a valid PEM certificate file: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new CredentialException(source + ": no CERTIFICATE block found");
        }
        return out;
    }

    /**
     * Trusted CA certificates from a PEM bundle file, or from every {@code *.pem}/{@code *.crt}
     * file of a directory (sorted by name).
     */
    public static List<X509Certificate> readCaBundle(Path fileOrDirectory) throws CredentialException {
        if (!Files.isDirectory(fileOrDirectory)) {
            return readCertificates(fileOrDirectory);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(fileOrDirectory)) {
            files = s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".pem") || n.endsWith(".crt");
            }).sorted().toList();
        } catch (IOException e) {
            throw new CredentialException(fileOrDirectory + ": cannot list CA directory: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new CredentialException(fileOrDirectory + ": no .pem or .crt files in CA directory");
        }
        List<X509Certificate> out = new ArrayList<>();
        for (Path f : files) {
            out.addAll(readCertificates(f));
        }
        return out;
    }

    /** The (single) unencrypted private key of a PEM file. */
    public static PrivateKey readPrivateKey(Path file) throws CredentialException {
        return readPrivateKey(read(file), file.toString());
    }

    /** The (single) unencrypted private key in PEM text. */
    public static PrivateKey readPrivateKey(String pem, String source) throws CredentialException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BouncyCastle.PROVIDER);
        PrivateKey key = null;
        try (Reader r = new StringReader(pem); PEMParser parser = new PEMParser(r)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                PrivateKey found;
                if (o instanceof PEMKeyPair pair) {
                    found = converter.getPrivateKey(pair.getPrivateKeyInfo());
                } else if (o instanceof PrivateKeyInfo info) {
                    found = converter.getPrivateKey(info);
                } else if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new CredentialException(source + ": the private key is encrypted; vpnd needs an unencrypted key"
                            + " (e.g. openssl pkey -in KEY -out KEY.plain) protected by file permissions");
                } else if (o instanceof ASN1ObjectIdentifier || o instanceof X9ECParameters) {
                    continue; // "EC PARAMETERS" block that openssl writes before a SEC1 key
                } else {
                    throw new CredentialException(source + ": expected a private key, found " + describe(o));
                }
                if (key != null) {
                    throw new CredentialException(source + ": more than one private key");
                }
                key = found;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new CredentialException(source + ": not a valid PEM private key: " + e.getMessage(), e);
        }
        if (key == null) {
            throw new CredentialException(source + ": no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block found");
        }
        return key;
    }

    private static String read(Path file) throws CredentialException {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CredentialException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String describe(Object o) {
        if (o instanceof X509CertificateHolder) {
            return "a certificate";
        }
        if (o instanceof PEMKeyPair || o instanceof PrivateKeyInfo || o instanceof PEMEncryptedKeyPair
                || o instanceof PKCS8EncryptedPrivateKeyInfo) {
            return "a private key";
        }
        return "a " + o.getClass().getSimpleName() + " block";
    }
}

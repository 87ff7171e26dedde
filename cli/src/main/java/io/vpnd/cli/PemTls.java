package io.vpnd.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the client {@link SSLContext} for {@code vpnctl --host} from PEM files, JDK only. Keys:
 * PKCS#8 ({@code PRIVATE KEY}: RSA, EC, Ed25519/Ed448, RSASSA-PSS), PKCS#1 ({@code RSA PRIVATE KEY})
 * and SEC1 ({@code EC PRIVATE KEY}, named curve), the last two re-wrapped as PKCS#8. Encrypted keys
 * are refused with the openssl command that decrypts them.
 */
final class PemTls {

    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** rsaEncryption, RFC 8017 A.1: AlgorithmIdentifier DER with its NULL parameters. */
    private static final byte[] RSA_ALGORITHM = Der.sequence(
            Der.tlv(Der.OBJECT_IDENTIFIER, new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 1, 1, 1}),
            Der.tlv(Der.NULL, new byte[0]));
    /** id-ecPublicKey, RFC 5480 §2.1.1. */
    private static final byte[] EC_PUBLIC_KEY_OID = Der.tlv(Der.OBJECT_IDENTIFIER,
            new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 2, 1});
    private static final byte[] VERSION_0 = Der.tlv(Der.INTEGER, new byte[] {0});
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS");

    private PemTls() {
    }

    /**
     * @param cert   client certificate chain, leaf first
     * @param key    its private key
     * @param caCert CA(s) to verify vpnd's certificate against, or null for the JDK's default trust store
     */
    static SSLContext clientContext(Path cert, Path key, Path caCert) throws VpnctlException {
        try {
            char[] password = new char[0];
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("client", privateKey(key), password,
                    certificates(cert, "--cert").toArray(Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(identity, password);

            TrustManagerFactory trust = null;
            if (caCert != null) {
                KeyStore anchors = KeyStore.getInstance("PKCS12");
                anchors.load(null, null);
                int i = 0;
                for (Certificate ca : certificates(caCert, "--cacert")) {
                    anchors.setCertificateEntry("ca" + i++, ca);
                }
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(anchors);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new VpnctlException("cannot set up TLS from --cert " + cert + " and --key " + key + ": "
                    + e.getMessage(), e);
        }
    }

    static List<Certificate> certificates(Path file, String option) throws VpnctlException {
        byte[] bytes = readFile(file, option);
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(bytes));
            if (certs.isEmpty()) {
                throw new VpnctlException(option + " " + file + ": no PEM certificate in file");
            }
            return new ArrayList<>(certs);
        } catch (CertificateException e) {
            throw new VpnctlException(option + " " + file + ": not a PEM certificate file (" + e.getMessage() + ")");
        }
    }

    static PrivateKey privateKey(Path file) throws VpnctlException {
        String text = new String(readFile(file, "--key"), StandardCharsets.US_ASCII);
        Matcher block = PEM_BLOCK.matcher(text);
        while (block.find()) {
            String type = block.group(1);
            String body = block.group(2);
            if (!type.endsWith("PRIVATE KEY")) {
                continue; // e.g. EC PARAMETERS before the key, as openssl ecparam writes it
            }
            if (type.equals("ENCRYPTED PRIVATE KEY") || body.contains("Proc-Type: 4,ENCRYPTED")) {
                throw new VpnctlException("--key " + file + ": the key is encrypted; decrypt it first: "
                        + "openssl pkey -in " + file + " -out KEY.pem");
            }
            byte[] der = base64(body, file);
            try {
                byte[] pkcs8 = switch (type) {
                    case "PRIVATE KEY" -> der;
                    case "RSA PRIVATE KEY" -> Der.sequence(VERSION_0, RSA_ALGORITHM, Der.tlv(Der.OCTET_STRING, der));
                    case "EC PRIVATE KEY" -> sec1ToPkcs8(der, file);
                    default -> throw new VpnctlException("--key " + file + ": unsupported key type '" + type
                            + "' (use PKCS#8: openssl pkcs8 -topk8 -nocrypt -in " + file + ")");
                };
                return decodePkcs8(pkcs8, file);
            } catch (IllegalArgumentException e) {
                throw new VpnctlException("--key " + file + ": malformed " + type + " (" + e.getMessage() + ")");
            }
        }
        throw new VpnctlException("--key " + file + ": no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or "
                + "EC PRIVATE KEY) in file");
    }

    /** SEC1 (RFC 5915) carries the curve in [0]; PKCS#8 wants it in the AlgorithmIdentifier. */
    private static byte[] sec1ToPkcs8(byte[] sec1, Path file) throws VpnctlException {
        Der.Element outer = Der.read(sec1, 0);
        if (outer.tag() != Der.SEQUENCE) {
            throw new IllegalArgumentException("not a SEQUENCE");
        }
        int pos = outer.contentStart();
        byte[] curve = null;
        while (pos < outer.end()) {
            Der.Element field = Der.read(sec1, pos);
            if (field.tag() == Der.CONTEXT_0) {
                Der.Element oid = Der.read(sec1, field.contentStart());
                if (oid.tag() != Der.OBJECT_IDENTIFIER) {
                    break; // explicit curve parameters: not supported
                }
                curve = Der.copy(sec1, field.contentStart(), oid.end());
            }
            pos = field.end();
        }
        if (curve == null) {
            throw new VpnctlException("--key " + file + ": EC key without a named curve; convert it with: "
                    + "openssl pkcs8 -topk8 -nocrypt -in " + file);
        }
        return Der.sequence(VERSION_0, Der.sequence(EC_PUBLIC_KEY_OID, curve), Der.tlv(Der.OCTET_STRING, sec1));
    }

    private static PrivateKey decodePkcs8(byte[] pkcs8, Path file) throws VpnctlException {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new VpnctlException("--key " + file + ": unsupported or malformed private key (RSA, EC, "
                + "Ed25519/Ed448 expected)");
    }

    private static byte[] base64(String body, Path file) throws VpnctlException {
        try {
            return Base64.getMimeDecoder().decode(body.strip());
        } catch (IllegalArgumentException e) {
            throw new VpnctlException("--key " + file + ": malformed PEM (" + e.getMessage() + ")");
        }
    }

    private static byte[] readFile(Path file, String option) throws VpnctlException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new VpnctlException(option + " " + file + ": no such file");
        } catch (IOException e) {
            throw new VpnctlException(option + " " + file + ": cannot read (" + e + ")");
        }
    }
}

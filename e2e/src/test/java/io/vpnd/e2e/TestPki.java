package io.vpnd.e2e;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/** A throwaway CA and end-entity certificates for interop tests, as PEM (RSA or ECDSA). */
public final class TestPki {
    /** A key pair and its certificate, PEM-encoded (key as PKCS#8). */
    public record Credential(String certPem, String keyPem, X509Certificate cert) {
    }

    public enum KeyType { RSA, ECDSA }

    private final KeyType type;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private long serial = 2;

    public TestPki(KeyType type) throws Exception {
        this.type = type;
        this.caKeys = keyPair();
        Instant now = Instant.now();
        X500Name name = new X500Name("C=XX, O=vpnd e2e, CN=vpnd e2e CA " + type);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(30, ChronoUnit.DAYS)), name, caKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        ca = sign(b, caKeys.getPrivate());
    }

    private KeyPair keyPair() throws Exception {
        if (type == KeyType.RSA) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws Exception {
        String alg = type == KeyType.RSA ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(key)));
    }

    /** The CA certificate as PEM. */
    public String caPem() throws Exception {
        return pem(ca);
    }

    /** An end-entity certificate for the FQDN {@code dnsName} (subjectAltName and CN). */
    public Credential issue(String dnsName) throws Exception {
        return issue(dnsName, new GeneralName(GeneralName.dNSName, dnsName));
    }

    /** A server certificate for an IP address (subjectAltName iPAddress), for TLS by address. */
    public Credential issueForAddress(String ip) throws Exception {
        return issue(ip, new GeneralName(GeneralName.iPAddress, ip));
    }

    private Credential issue(String cn, GeneralName san) throws Exception {
        KeyPair kp = keyPair();
        Instant now = Instant.now();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ca, BigInteger.valueOf(serial++),
                Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(30, ChronoUnit.DAYS)),
                new X500Name("C=XX, O=vpnd e2e, CN=" + cn), kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(san));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        X509Certificate cert = sign(b, caKeys.getPrivate());
        return new Credential(pem(cert), pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(kp.getPrivate(), null)), cert);
    }

    private static String pem(Object o) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }
}

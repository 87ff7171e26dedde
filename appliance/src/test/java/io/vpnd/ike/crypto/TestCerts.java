package io.vpnd.ike.crypto;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/** Keys and certificates generated at test time with bcpkix. */
final class TestCerts {
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    private TestCerts() {
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Certificate options; null keyUsage leaves the extension out. */
    record Spec(X500Name subject, PublicKey publicKey, X500Name issuer, PrivateKey issuerKey,
                Instant notBefore, Instant notAfter, Boolean ca, Integer keyUsage, GeneralName... altNames) {
    }

    static X509Certificate issue(Spec s) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(s.issuer(),
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(s.notBefore()), Date.from(s.notAfter()),
                    s.subject(), s.publicKey());
            if (s.ca() != null) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(s.ca()));
            }
            if (s.keyUsage() != null) {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(s.keyUsage()));
            }
            if (s.altNames().length > 0) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(s.altNames()));
            }
            String alg = s.issuerKey() instanceof RSAKey ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(alg).build(s.issuerKey())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate selfSignedCa(X500Name name, KeyPair keys, Instant notBefore, Instant notAfter) {
        return issue(new Spec(name, keys.getPublic(), name, keys.getPrivate(), notBefore, notAfter, true,
                KeyUsage.keyCertSign | KeyUsage.cRLSign));
    }
}

package io.vpnd.ike.crypto;

import io.vpnd.ike.crypto.CertificateValidationException.Reason;
import io.vpnd.ike.message.IkeConstants.IdType;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CertificateValidatorTest {
    private static final Instant T0 = Instant.parse("2030-06-01T12:00:00Z");
    private static final Instant FROM = T0.minus(Duration.ofDays(30));
    private static final Instant UNTIL = T0.plus(Duration.ofDays(365));
    private static final int EE_USAGE = KeyUsage.digitalSignature;

    private static final KeyPair ROOT_KEYS = TestCerts.ec("secp256r1");
    private static final X500Name ROOT_NAME = new X500Name("O=vpnd test,CN=Test Root CA");
    private static final X509Certificate ROOT = TestCerts.selfSignedCa(ROOT_NAME, ROOT_KEYS, FROM, UNTIL.plus(Duration.ofDays(3650)));
    private static final KeyPair SUB_KEYS = TestCerts.rsa(2048);
    private static final X500Name SUB_NAME = new X500Name("O=vpnd test,CN=Test Intermediate CA");
    private static final X509Certificate SUB = TestCerts.issue(new TestCerts.Spec(SUB_NAME, SUB_KEYS.getPublic(),
            ROOT_NAME, ROOT_KEYS.getPrivate(), FROM, UNTIL, true, KeyUsage.keyCertSign));
    private static final KeyPair EE_KEYS = TestCerts.ec("secp384r1");
    private static final X500Name EE_NAME = new X500Name("C=US,O=vpnd test,CN=right.vpn.test");
    private static final X509Certificate EE = TestCerts.issue(new TestCerts.Spec(EE_NAME, EE_KEYS.getPublic(),
            SUB_NAME, SUB_KEYS.getPrivate(), FROM, UNTIL, false, EE_USAGE,
            new GeneralName(GeneralName.dNSName, "right.vpn.test"),
            new GeneralName(GeneralName.iPAddress, "192.0.2.2"),
            new GeneralName(GeneralName.iPAddress, "2001:db8::2"),
            new GeneralName(GeneralName.rfc822Name, "admin@right.vpn.test")));

    private static CertificateValidator validator(Instant now, X509Certificate... anchors) {
        return new CertificateValidator(List.of(anchors), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static CertificateValidationException rejected(CertificateValidator v, X509Certificate... chain) {
        return assertThrows(CertificateValidationException.class, () -> v.validate(List.of(chain)));
    }

    @Test
    void goodChainThroughAnIntermediate() throws Exception {
        assertSame(EE, validator(T0, ROOT).validate(List.of(EE, SUB)));
        X509Certificate direct = TestCerts.issue(new TestCerts.Spec(EE_NAME, EE_KEYS.getPublic(), ROOT_NAME,
                ROOT_KEYS.getPrivate(), FROM, UNTIL, null, null));
        assertSame(direct, validator(T0, ROOT).validate(List.of(direct)));
        // The intermediate may also be configured as trusted.
        assertSame(EE, validator(T0, SUB).validate(List.of(EE)));
    }

    @Test
    void expiredAndNotYetValid() {
        CertificateValidationException e = rejected(validator(UNTIL.plusSeconds(60), ROOT), EE, SUB);
        assertEquals(Reason.EXPIRED, e.reason());
        assertTrue(e.getMessage().contains("expired on " + UNTIL), e.getMessage());
        assertTrue(e.getMessage().contains("right.vpn.test") || e.getMessage().contains("Intermediate"), e.getMessage());
        e = rejected(validator(FROM.minusSeconds(60), ROOT), EE, SUB);
        assertEquals(Reason.NOT_YET_VALID, e.reason());
        // An expired CA fails too, even though PKIX itself does not look at trust anchors' dates.
        KeyPair k = TestCerts.ec("secp256r1");
        X500Name n = new X500Name("CN=Old CA");
        X509Certificate oldCa = TestCerts.selfSignedCa(n, k, FROM.minus(Duration.ofDays(900)), FROM.minus(Duration.ofDays(1)));
        X509Certificate ee = TestCerts.issue(new TestCerts.Spec(EE_NAME, EE_KEYS.getPublic(), n, k.getPrivate(), FROM, UNTIL,
                null, null));
        e = rejected(validator(T0, oldCa), ee);
        assertEquals(Reason.EXPIRED, e.reason());
        assertTrue(e.getMessage().startsWith("CA certificate"), e.getMessage());
    }

    @Test
    void unknownCa() {
        KeyPair other = TestCerts.ec("secp256r1");
        X509Certificate otherRoot = TestCerts.selfSignedCa(new X500Name("CN=Some Other CA"), other, FROM, UNTIL);
        CertificateValidationException e = rejected(validator(T0, otherRoot), EE, SUB);
        assertEquals(Reason.UNKNOWN_CA, e.reason());
        assertTrue(e.getMessage().contains("not a configured CA"), e.getMessage());
        // Missing intermediate: the issuer is unknown too.
        assertEquals(Reason.UNKNOWN_CA, rejected(validator(T0, ROOT), EE).reason());
    }

    @Test
    void impostorCaWithTheSameNameButAnotherKey() {
        X509Certificate impostor = TestCerts.selfSignedCa(ROOT_NAME, TestCerts.ec("secp256r1"), FROM, UNTIL);
        assertEquals(Reason.BAD_SIGNATURE, rejected(validator(T0, impostor), EE, SUB).reason());
    }

    @Test
    void issuerThatIsNotACa() {
        KeyPair notCaKeys = TestCerts.ec("secp256r1");
        X500Name notCaName = new X500Name("CN=Not a CA");
        X509Certificate notCa = TestCerts.issue(new TestCerts.Spec(notCaName, notCaKeys.getPublic(), ROOT_NAME,
                ROOT_KEYS.getPrivate(), FROM, UNTIL, false, null));
        X509Certificate ee = TestCerts.issue(new TestCerts.Spec(EE_NAME, EE_KEYS.getPublic(), notCaName,
                notCaKeys.getPrivate(), FROM, UNTIL, null, null));
        assertEquals(Reason.NOT_A_CA, rejected(validator(T0, ROOT), ee, notCa).reason());

        // A CA whose keyUsage does not include keyCertSign may not issue either.
        X509Certificate noCertSign = TestCerts.issue(new TestCerts.Spec(notCaName, notCaKeys.getPublic(), ROOT_NAME,
                ROOT_KEYS.getPrivate(), FROM, UNTIL, true, KeyUsage.digitalSignature));
        assertEquals(Reason.KEY_USAGE, rejected(validator(T0, ROOT), ee, noCertSign).reason());
    }

    @Test
    void endEntityKeyUsageMustAllowSignatures() {
        X509Certificate ee = TestCerts.issue(new TestCerts.Spec(EE_NAME, EE_KEYS.getPublic(), ROOT_NAME,
                ROOT_KEYS.getPrivate(), FROM, UNTIL, false, KeyUsage.keyEncipherment));
        assertEquals(Reason.KEY_USAGE, rejected(validator(T0, ROOT), ee).reason());
    }

    @Test
    void identityMatching() throws Exception {
        CertificateValidator.checkIdentity(EE, IdType.ID_FQDN, ascii("right.vpn.test"));
        CertificateValidator.checkIdentity(EE, IdType.ID_FQDN, ascii("Right.VPN.test"));
        CertificateValidator.checkIdentity(EE, IdType.ID_IPV4_ADDR, InetAddress.getByName("192.0.2.2").getAddress());
        CertificateValidator.checkIdentity(EE, IdType.ID_IPV6_ADDR, InetAddress.getByName("2001:db8::2").getAddress());
        CertificateValidator.checkIdentity(EE, IdType.ID_RFC822_ADDR, ascii("admin@right.vpn.test"));
        CertificateValidator.checkIdentity(EE, IdType.ID_DER_ASN1_DN, EE.getSubjectX500Principal().getEncoded());
        // Same RDNs with another string type: not DER-equal, but RDN-equal.
        X500Name reencoded = new X500Name(new RDN[] {
                new RDN(BCStyle.C, new DERPrintableString("US")),
                new RDN(BCStyle.O, new DERUTF8String("VPND test")),
                new RDN(BCStyle.CN, new DERUTF8String("right.vpn.test"))});
        CertificateValidator.checkIdentity(EE, IdType.ID_DER_ASN1_DN, reencoded.getEncoded(ASN1Encoding.DER));

        Object[][] mismatches = {
                {IdType.ID_FQDN, ascii("left.vpn.test")},
                {IdType.ID_FQDN, ascii("vpn.test")},
                {IdType.ID_IPV4_ADDR, InetAddress.getByName("192.0.2.1").getAddress()},
                {IdType.ID_IPV6_ADDR, InetAddress.getByName("2001:db8::1").getAddress()},
                {IdType.ID_RFC822_ADDR, ascii("root@right.vpn.test")},
                {IdType.ID_DER_ASN1_DN, new X500Name("C=US,O=vpnd test,CN=left.vpn.test").getEncoded(ASN1Encoding.DER)},
                {IdType.ID_DER_ASN1_DN, new X500NameBuilder().addRDN(BCStyle.CN, "right.vpn.test").build().getEncoded(ASN1Encoding.DER)},
                {IdType.ID_KEY_ID, ascii("opaque")}};
        for (Object[] m : mismatches) {
            CertificateValidationException e = assertThrows(CertificateValidationException.class,
                    () -> CertificateValidator.checkIdentity(EE, (IdType) m[0], (byte[]) m[1]));
            assertEquals(Reason.ID_MISMATCH, e.reason(), m[0].toString());
        }
        CertificateValidationException e = assertThrows(CertificateValidationException.class,
                () -> CertificateValidator.checkIdentity(EE, IdType.ID_FQDN, ascii("left.vpn.test")));
        assertTrue(e.getMessage().contains("left.vpn.test") && e.getMessage().contains("right.vpn.test"), e.getMessage());
        assertEquals(Reason.MALFORMED, assertThrows(CertificateValidationException.class,
                () -> CertificateValidator.checkIdentity(EE, IdType.ID_IPV4_ADDR, new byte[5])).reason());
    }

    /** Certificates and keys made by OpenSSL, loaded from PEM. */
    @Test
    void openSslMadeChainAndIdentities() throws Exception {
        X509Certificate ca = PemCredentials.readCertificates(SignatureAuthTest.resource("openssl/ca.pem"), "ca.pem").get(0);
        X509Certificate rsa = PemCredentials.readCertificates(SignatureAuthTest.resource("openssl/ee-rsa.pem"), "ee-rsa.pem").get(0);
        X509Certificate ec = PemCredentials.readCertificates(SignatureAuthTest.resource("openssl/ee-p256.pem"), "ee-p256.pem").get(0);
        Instant now = rsa.getNotBefore().toInstant().plus(Duration.ofDays(1));
        CertificateValidator v = validator(now, ca);
        assertSame(rsa, v.validate(List.of(rsa)));
        assertSame(ec, v.validate(List.of(ec)));
        CertificateValidator.checkIdentity(rsa, IdType.ID_FQDN, ascii("right.vpn.test"));
        CertificateValidator.checkIdentity(rsa, IdType.ID_IPV4_ADDR, InetAddress.getByName("192.0.2.2").getAddress());
        CertificateValidator.checkIdentity(rsa, IdType.ID_RFC822_ADDR, ascii("admin@right.vpn.test"));
        CertificateValidator.checkIdentity(ec, IdType.ID_IPV6_ADDR, InetAddress.getByName("2001:db8::2").getAddress());
        assertEquals(Reason.EXPIRED, rejected(validator(rsa.getNotAfter().toInstant().plusSeconds(1), ca), rsa).reason());
        assertEquals(Reason.UNKNOWN_CA, rejected(validator(now, ROOT), rsa).reason());

        // CERTREQ hash against OpenSSL's SHA-1 of the CA's SubjectPublicKeyInfo.
        byte[] expected = Vectors.load("openssl/signatures.vectors").get("ca_spki_sha1");
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, CertificateRequests.caHash(ca));
        byte[] certreq = CertificateRequests.encode(List.of(ROOT, ca));
        assertEquals(40, certreq.length);
        List<byte[]> hashes = CertificateRequests.decode(certreq);
        assertTrue(CertificateRequests.requests(hashes, ca));
        assertTrue(CertificateRequests.requests(hashes, ROOT));
        assertTrue(!CertificateRequests.requests(hashes, SUB));
        assertThrows(IllegalArgumentException.class, () -> CertificateRequests.decode(new byte[21]));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

package io.vpnd.ike.crypto;

import io.vpnd.ike.message.AuthenticationFailedException;
import io.vpnd.ike.message.IkeConstants.AuthMethod;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignatureAuthTest {
    private static final KeyPair RSA_2048 = TestCerts.rsa(2048);
    private static final KeyPair RSA_3072 = TestCerts.rsa(3072);
    private static final KeyPair P256 = TestCerts.ec("secp256r1");
    private static final KeyPair P384 = TestCerts.ec("secp384r1");
    private static final KeyPair P521 = TestCerts.ec("secp521r1");
    private static final Set<SignatureHashAlgorithm> SHA2 = EnumSet.copyOf(SignatureHashAlgorithm.defaults());
    private static final Vectors ALG_IDS = Vectors.load("rfc7427-algorithm-identifiers.vectors");
    private static final Vectors OPENSSL = Vectors.load("openssl/signatures.vectors");
    private static final Vectors CAPTURE = Vectors.load("strongswan/gcm256-ecp256.vectors");

    private final byte[] octets = IkeRandom.bytes(300);

    @Test
    void algorithmIdentifiersAreThoseOfRfc7427AppendixA() {
        for (String name : new String[] {"RSA_PKCS1_SHA256", "RSA_PKCS1_SHA384", "RSA_PKCS1_SHA512",
                "ECDSA_SHA256", "ECDSA_SHA384", "ECDSA_SHA512", "RSA_PSS_SHA256", "RSA_PSS_SHA384", "RSA_PSS_SHA512"}) {
            assertArrayEquals(ALG_IDS.get(name), SignatureScheme.valueOf(name).algorithmIdentifier(), name);
        }
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void digitalSignatureRoundTrip(SignatureScheme scheme) throws Exception {
        List<KeyPair> keys = scheme.keyKind() == SignatureScheme.KeyKind.RSA ? List.of(RSA_2048, RSA_3072) : List.of(P256, P384);
        for (KeyPair kp : keys) {
            byte[] auth = SignatureAuth.signDigitalSignature(scheme, kp.getPrivate(), octets);
            byte[] algId = scheme.algorithmIdentifier();
            assertEquals(algId.length, auth[0] & 0xff, "length octet");
            assertArrayEquals(algId, java.util.Arrays.copyOfRange(auth, 1, 1 + algId.length));
            String how = SignatureAuth.verify(AuthMethod.DIGITAL_SIGNATURE, kp.getPublic(), auth, octets, SHA2);
            assertTrue(how.endsWith(scheme.hash().name()), how);

            byte[] otherOctets = octets.clone();
            otherOctets[10] ^= 1;
            assertThrows(AuthenticationFailedException.class,
                    () -> SignatureAuth.verify(AuthMethod.DIGITAL_SIGNATURE, kp.getPublic(), auth, otherOctets, SHA2));
            byte[] badSig = auth.clone();
            badSig[badSig.length - 5] ^= 0x10;
            assertThrows(AuthenticationFailedException.class,
                    () -> SignatureAuth.verify(AuthMethod.DIGITAL_SIGNATURE, kp.getPublic(), badSig, octets, SHA2));
            Set<SignatureHashAlgorithm> notOffered = EnumSet.complementOf(EnumSet.of(scheme.hash()));
            assertThrows(AuthenticationFailedException.class,
                    () -> SignatureAuth.verify(AuthMethod.DIGITAL_SIGNATURE, kp.getPublic(), auth, octets, notOffered));
            PublicKey wrongKind = scheme.keyKind() == SignatureScheme.KeyKind.RSA ? P256.getPublic() : RSA_2048.getPublic();
            assertThrows(AuthenticationFailedException.class,
                    () -> SignatureAuth.verify(AuthMethod.DIGITAL_SIGNATURE, wrongKind, auth, octets, SHA2));
            PublicKey otherKey = kp == keys.get(0) ? keys.get(1).getPublic() : keys.get(0).getPublic();
            assertThrows(AuthenticationFailedException.class,
                    () -> SignatureAuth.verify(AuthMethod.DIGITAL_SIGNATURE, otherKey, auth, octets, SHA2));
        }
    }

    @Test
    void malformedDigitalSignatureDataIsRejected() {
        for (byte[] bad : new byte[][] {new byte[0], new byte[] {5}, new byte[] {50, 1, 2, 3},
                Bytes.concat(new byte[] {3}, new byte[] {1, 2, 3}, new byte[10])}) {
            assertThrows(AuthenticationFailedException.class,
                    () -> SignatureAuth.verify(AuthMethod.DIGITAL_SIGNATURE, RSA_2048.getPublic(), bad, octets, SHA2));
        }
        assertThrows(AuthenticationFailedException.class,
                () -> SignatureAuth.verify(AuthMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE, RSA_2048.getPublic(), new byte[32], octets, SHA2));
    }

    @Test
    void classicRsaSignatureUsesSha1AndNeedsItAccepted() throws Exception {
        byte[] auth = SignatureAuth.signClassic(AuthMethod.RSA_DIGITAL_SIGNATURE, RSA_2048.getPrivate(), octets);
        assertEquals(256, auth.length);
        Set<SignatureHashAlgorithm> legacy = EnumSet.of(SignatureHashAlgorithm.SHA1, SignatureHashAlgorithm.SHA2_256);
        assertEquals("RSA-PKCS1/SHA1", SignatureAuth.verify(AuthMethod.RSA_DIGITAL_SIGNATURE, RSA_2048.getPublic(), auth, octets, legacy));
        assertThrows(AuthenticationFailedException.class,
                () -> SignatureAuth.verify(AuthMethod.RSA_DIGITAL_SIGNATURE, RSA_2048.getPublic(), auth, octets, SHA2));
        byte[] other = octets.clone();
        other[0] ^= 1;
        assertThrows(AuthenticationFailedException.class,
                () -> SignatureAuth.verify(AuthMethod.RSA_DIGITAL_SIGNATURE, RSA_2048.getPublic(), auth, other, legacy));
        assertThrows(AuthenticationFailedException.class,
                () -> SignatureAuth.verify(AuthMethod.RSA_DIGITAL_SIGNATURE, RSA_3072.getPublic(), auth, octets, legacy));
        assertEquals(AuthMethod.RSA_DIGITAL_SIGNATURE, SignatureAuth.classicMethodFor(RSA_3072.getPrivate()));
    }

    @Test
    void classicEcdsaMethodsUseRAndSOfTheCurveSize() throws Exception {
        Object[][] cases = {{AuthMethod.ECDSA_SHA256_P256, P256, 64}, {AuthMethod.ECDSA_SHA384_P384, P384, 96},
                {AuthMethod.ECDSA_SHA512_P521, P521, 132}};
        for (Object[] c : cases) {
            AuthMethod m = (AuthMethod) c[0];
            KeyPair kp = (KeyPair) c[1];
            assertEquals(m, SignatureAuth.classicMethodFor(kp.getPrivate()));
            byte[] auth = SignatureAuth.signClassic(m, kp.getPrivate(), octets);
            assertEquals(c[2], auth.length, m.name());
            SignatureAuth.verify(m, kp.getPublic(), auth, octets, SHA2);
            byte[] bad = auth.clone();
            bad[3] ^= 1;
            assertThrows(AuthenticationFailedException.class, () -> SignatureAuth.verify(m, kp.getPublic(), bad, octets, SHA2));
        }
        assertThrows(IllegalArgumentException.class,
                () -> SignatureAuth.signClassic(AuthMethod.ECDSA_SHA256_P256, P384.getPrivate(), octets));
        byte[] p256 = SignatureAuth.signClassic(AuthMethod.ECDSA_SHA256_P256, P256.getPrivate(), octets);
        assertThrows(AuthenticationFailedException.class,
                () -> SignatureAuth.verify(AuthMethod.ECDSA_SHA384_P384, P384.getPublic(), p256, octets, SHA2));
    }

    /** Signatures made by OpenSSL over the responder's signed octets of a real strongSwan exchange. */
    @Test
    void verifiesSignaturesMadeByOpenSsl() throws Exception {
        byte[] signed = CAPTURE.get("octets_r");
        X509Certificate rsaCert = PemCredentials.readCertificates(resource("openssl/ee-rsa.pem"), "ee-rsa.pem").get(0);
        X509Certificate ecCert = PemCredentials.readCertificates(resource("openssl/ee-p256.pem"), "ee-p256.pem").get(0);
        PublicKey p384 = publicKey(resource("openssl/p384.pub"));

        assertEquals("RSA-PKCS1/SHA2_256", SignatureAuth.verify(AuthMethod.DIGITAL_SIGNATURE, rsaCert.getPublicKey(),
                rfc7427("RSA_PKCS1_SHA256", OPENSSL.get("rsa_pkcs1_sha256")), signed, SHA2));
        assertEquals("RSASSA-PSS/SHA2_256", SignatureAuth.verify(AuthMethod.DIGITAL_SIGNATURE, rsaCert.getPublicKey(),
                rfc7427("RSA_PSS_SHA256", OPENSSL.get("rsa_pss_sha256")), signed, SHA2));
        assertEquals("ECDSA/SHA2_256", SignatureAuth.verify(AuthMethod.DIGITAL_SIGNATURE, ecCert.getPublicKey(),
                rfc7427("ECDSA_SHA256", OPENSSL.get("ecdsa_p256_sha256_der")), signed, SHA2));
        assertEquals("ECDSA/SHA2_384", SignatureAuth.verify(AuthMethod.DIGITAL_SIGNATURE, p384,
                rfc7427("ECDSA_SHA384", OPENSSL.get("ecdsa_p384_sha384_der")), signed, SHA2));
        assertEquals("RSA-PKCS1/SHA1", SignatureAuth.verify(AuthMethod.RSA_DIGITAL_SIGNATURE, rsaCert.getPublicKey(),
                OPENSSL.get("rsa_pkcs1_sha1"), signed, EnumSet.allOf(SignatureHashAlgorithm.class)));
        // RFC 4754 form of the same ECDSA signature: r || s.
        BigInteger n = ((ECPublicKey) ecCert.getPublicKey()).getParams().getOrder();
        BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(n, OPENSSL.get("ecdsa_p256_sha256_der"));
        SignatureAuth.verify(AuthMethod.ECDSA_SHA256_P256, ecCert.getPublicKey(),
                PlainDSAEncoding.INSTANCE.encode(n, rs[0], rs[1]), signed, SHA2);
        byte[] otherOctets = CAPTURE.get("octets_i");
        assertThrows(AuthenticationFailedException.class, () -> SignatureAuth.verify(AuthMethod.DIGITAL_SIGNATURE,
                rsaCert.getPublicKey(), rfc7427("RSA_PSS_SHA256", OPENSSL.get("rsa_pss_sha256")), otherOctets, SHA2));
    }

    @Test
    void schemeSelectionFollowsKeyAndPeer() {
        List<SignatureHashAlgorithm> strongswan = SignatureHashAlgorithm.decodeNotifyData(Vectors.hex("0002000300040005"));
        assertEquals(List.of(SignatureHashAlgorithm.SHA2_256, SignatureHashAlgorithm.SHA2_384,
                SignatureHashAlgorithm.SHA2_512, SignatureHashAlgorithm.IDENTITY), strongswan);
        assertEquals(SignatureScheme.RSA_PKCS1_SHA256, SignatureScheme.select(RSA_2048.getPrivate(), strongswan, false));
        assertEquals(SignatureScheme.RSA_PSS_SHA256, SignatureScheme.select(RSA_2048.getPrivate(), strongswan, true));
        assertEquals(SignatureScheme.ECDSA_SHA256, SignatureScheme.select(P256.getPrivate(), strongswan, false));
        assertEquals(SignatureScheme.ECDSA_SHA384, SignatureScheme.select(P384.getPrivate(), strongswan, false));
        assertEquals(SignatureScheme.ECDSA_SHA512, SignatureScheme.select(P521.getPrivate(), strongswan, false));
        assertEquals(SignatureScheme.ECDSA_SHA512, SignatureScheme.select(P256.getPrivate(),
                List.of(SignatureHashAlgorithm.SHA2_512), false));
        assertThrows(IllegalArgumentException.class,
                () -> SignatureScheme.select(P256.getPrivate(), List.of(SignatureHashAlgorithm.SHA1), false));
    }

    @Test
    void signatureHashAlgorithmsNotifyData() {
        assertArrayEquals(Vectors.hex("000200030004"), SignatureHashAlgorithm.encodeNotifyData(SignatureHashAlgorithm.defaults()));
        assertEquals(List.of(SignatureHashAlgorithm.SHA1), SignatureHashAlgorithm.decodeNotifyData(Vectors.hex("00ff00010001")));
        assertThrows(IllegalArgumentException.class, () -> SignatureHashAlgorithm.decodeNotifyData(new byte[3]));
        assertEquals(14, AuthMethod.DIGITAL_SIGNATURE.id());
        assertEquals(AuthMethod.ECDSA_SHA384_P384, AuthMethod.byId(10));
        assertTrue(AuthMethod.ECDSA_SHA512_P521.isSignature());
        assertFalse(AuthMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE.isSignature());
    }

    private static byte[] rfc7427(String scheme, byte[] signature) {
        byte[] algId = ALG_IDS.get(scheme);
        return Bytes.concat(new byte[] {(byte) algId.length}, algId, signature);
    }

    static String resource(String name) {
        try (var in = SignatureAuthTest.class.getResourceAsStream("/ike/crypto/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (Exception e) {
            throw new IllegalStateException(name, e);
        }
    }

    private static PublicKey publicKey(String pem) throws Exception {
        try (PEMParser p = new PEMParser(new java.io.StringReader(pem))) {
            return new JcaPEMKeyConverter().getPublicKey((SubjectPublicKeyInfo) p.readObject());
        }
    }
}

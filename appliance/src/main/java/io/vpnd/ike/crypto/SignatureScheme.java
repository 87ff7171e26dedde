package io.vpnd.ike.crypto;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Collection;
import java.util.List;

/**
 * The signature algorithms vpnd signs with under auth method 14 (RFC 7427), each with the DER
 * AlgorithmIdentifier that precedes the signature in the AUTH payload, as RFC 7427 Appendix A lists
 * them: PKCS#1 v1.5 with NULL parameters, ECDSA without parameters, RSASSA-PSS with explicit hash,
 * MGF1 with the same hash and a salt as long as the hash (67 octets, outer length 0x41). These are
 * octet-for-octet the blobs libreswan compares received identifiers against; strongSwan parses them.
 */
public enum SignatureScheme {
    RSA_PKCS1_SHA256(KeyKind.RSA, SignatureHashAlgorithm.SHA2_256, "SHA256withRSA",
            pkcs1(PKCSObjectIdentifiers.sha256WithRSAEncryption)),
    RSA_PKCS1_SHA384(KeyKind.RSA, SignatureHashAlgorithm.SHA2_384, "SHA384withRSA",
            pkcs1(PKCSObjectIdentifiers.sha384WithRSAEncryption)),
    RSA_PKCS1_SHA512(KeyKind.RSA, SignatureHashAlgorithm.SHA2_512, "SHA512withRSA",
            pkcs1(PKCSObjectIdentifiers.sha512WithRSAEncryption)),
    RSA_PSS_SHA256(KeyKind.RSA, SignatureHashAlgorithm.SHA2_256, "RSASSA-PSS",
            pss(NISTObjectIdentifiers.id_sha256, 32)),
    RSA_PSS_SHA384(KeyKind.RSA, SignatureHashAlgorithm.SHA2_384, "RSASSA-PSS",
            pss(NISTObjectIdentifiers.id_sha384, 48)),
    RSA_PSS_SHA512(KeyKind.RSA, SignatureHashAlgorithm.SHA2_512, "RSASSA-PSS",
            pss(NISTObjectIdentifiers.id_sha512, 64)),
    ECDSA_SHA256(KeyKind.EC, SignatureHashAlgorithm.SHA2_256, "SHA256withECDSA",
            ecdsa(X9ObjectIdentifiers.ecdsa_with_SHA256)),
    ECDSA_SHA384(KeyKind.EC, SignatureHashAlgorithm.SHA2_384, "SHA384withECDSA",
            ecdsa(X9ObjectIdentifiers.ecdsa_with_SHA384)),
    ECDSA_SHA512(KeyKind.EC, SignatureHashAlgorithm.SHA2_512, "SHA512withECDSA",
            ecdsa(X9ObjectIdentifiers.ecdsa_with_SHA512));

    /** The public-key family a scheme signs with. */
    public enum KeyKind { RSA, EC }

    private final KeyKind keyKind;
    private final SignatureHashAlgorithm hash;
    private final String jcaName;
    private final byte[] algorithmIdentifier;

    SignatureScheme(KeyKind keyKind, SignatureHashAlgorithm hash, String jcaName, byte[] algorithmIdentifier) {
        this.keyKind = keyKind;
        this.hash = hash;
        this.jcaName = jcaName;
        this.algorithmIdentifier = algorithmIdentifier;
    }

    public KeyKind keyKind() {
        return keyKind;
    }

    public SignatureHashAlgorithm hash() {
        return hash;
    }

    /** True for RSASSA-PSS. */
    public boolean isPss() {
        return this == RSA_PSS_SHA256 || this == RSA_PSS_SHA384 || this == RSA_PSS_SHA512;
    }

    String jcaName() {
        return jcaName;
    }

    /** PSS parameters (salt = hash length, MGF1 with the same hash, trailer 1); null otherwise. */
    PSSParameterSpec pssParameters() {
        if (!isPss()) {
            return null;
        }
        return new PSSParameterSpec(hash.jcaDigest(), "MGF1", new MGF1ParameterSpec(hash.jcaDigest()),
                hashLength(hash), 1);
    }

    static int hashLength(SignatureHashAlgorithm h) {
        return switch (h) {
            case SHA1 -> 20;
            case SHA2_256 -> 32;
            case SHA2_384 -> 48;
            case SHA2_512 -> 64;
            case IDENTITY -> 0;
        };
    }

    /** The DER AlgorithmIdentifier carried in the AUTH payload (a copy). */
    public byte[] algorithmIdentifier() {
        return algorithmIdentifier.clone();
    }

    /**
     * The scheme to sign with {@code key} given the hashes the peer announced: a hash matching the
     * key's strength first (SHA-256 for RSA and P-256, SHA-384 for P-384, SHA-512 for P-521), then
     * stronger, then weaker ones; RSASSA-PSS instead of PKCS#1 v1.5 when {@code rsaPss}.
     *
     * @throws IllegalArgumentException when the key is neither RSA nor EC or no hash is shared
     */
    public static SignatureScheme select(Key key, Collection<SignatureHashAlgorithm> peerHashes, boolean rsaPss) {
        KeyKind kind = kindOf(key);
        List<SignatureHashAlgorithm> order;
        if (kind == KeyKind.EC) {
            int bits = ((ECKey) key).getParams().getCurve().getField().getFieldSize();
            order = bits > 384 ? List.of(SignatureHashAlgorithm.SHA2_512, SignatureHashAlgorithm.SHA2_384,
                    SignatureHashAlgorithm.SHA2_256)
                    : bits > 256 ? List.of(SignatureHashAlgorithm.SHA2_384, SignatureHashAlgorithm.SHA2_512,
                    SignatureHashAlgorithm.SHA2_256)
                    : SignatureHashAlgorithm.defaults();
        } else {
            order = SignatureHashAlgorithm.defaults();
        }
        SignatureHashAlgorithm h = SignatureHashAlgorithm.select(order, peerHashes).orElseThrow(() ->
                new IllegalArgumentException("peer supports none of " + order + " (it announced " + peerHashes + ")"));
        for (SignatureScheme s : values()) {
            if (s.keyKind == kind && s.hash == h && (kind == KeyKind.EC || s.isPss() == rsaPss)) {
                return s;
            }
        }
        throw new IllegalStateException("no scheme for " + kind + "/" + h);
    }

    static KeyKind kindOf(Key key) {
        if (key instanceof RSAKey) {
            return KeyKind.RSA;
        }
        if (key instanceof ECKey) {
            return KeyKind.EC;
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm() + " (RSA or EC needed)");
    }

    private static byte[] pkcs1(ASN1ObjectIdentifier oid) {
        return der(new AlgorithmIdentifier(oid, DERNull.INSTANCE));
    }

    private static byte[] ecdsa(ASN1ObjectIdentifier oid) {
        return der(new AlgorithmIdentifier(oid));
    }

    private static byte[] pss(ASN1ObjectIdentifier hashOid, int saltLength) {
        AlgorithmIdentifier hashAlg = new AlgorithmIdentifier(hashOid, DERNull.INSTANCE);
        RSASSAPSSparams params = new RSASSAPSSparams(hashAlg,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, hashAlg),
                new ASN1Integer(saltLength), RSASSAPSSparams.DEFAULT_TRAILER_FIELD);
        return der(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, params));
    }

    private static byte[] der(AlgorithmIdentifier id) {
        try {
            return id.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

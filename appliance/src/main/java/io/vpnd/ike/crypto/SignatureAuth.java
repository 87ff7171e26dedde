package io.vpnd.ike.crypto;

import io.vpnd.ike.crypto.SignatureScheme.KeyKind;
import io.vpnd.ike.message.AuthenticationFailedException;
import io.vpnd.ike.message.IkeConstants.AuthMethod;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import javax.crypto.Cipher;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;
import java.util.Set;

/**
 * Public-key AUTH payloads (RFC 7296 §2.15, §3.8): signing the signed octets with our private key
 * and verifying the peer's Authentication Data with the public key of its end-entity certificate.
 *
 * <p>Methods: 14, Digital Signature (RFC 7427: one length octet, the DER AlgorithmIdentifier, then
 * the signature; RSA PKCS#1 v1.5, RSASSA-PSS and ECDSA with DER Ecdsa-Sig-Value), the preferred
 * method whenever the peer sent SIGNATURE_HASH_ALGORITHMS, as strongSwan always does; 1, RSA
 * Digital Signature, PKCS#1 v1.5 with SHA-1 when signing, needed only for peers without RFC 7427
 * (the legacy fallback strongSwan also uses then) — verification accepts SHA-1 only if the caller
 * lists it; 9/10/11, ECDSA with SHA-256/384/512 on P-256/384/521, signature r || s (RFC 4754).
 */
public final class SignatureAuth {
    private SignatureAuth() {
    }

    /** The Authentication Data of a method 14 (RFC 7427) AUTH payload. */
    public static byte[] signDigitalSignature(SignatureScheme scheme, PrivateKey key, byte[] signedOctets) {
        requireKind(scheme.keyKind(), key);
        try {
            Signature s = Signature.getInstance(scheme.jcaName(), BouncyCastle.PROVIDER);
            if (scheme.isPss()) {
                s.setParameter(scheme.pssParameters());
            }
            s.initSign(key, IkeRandom.secureRandom());
            s.update(signedOctets);
            byte[] algId = scheme.algorithmIdentifier();
            return Bytes.concat(new byte[] {(byte) algId.length}, algId, s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with " + scheme + " failed", e);
        }
    }

    /**
     * The Authentication Data of a classic signature method: 1 (RSA, PKCS#1 v1.5 with SHA-1) or
     * 9/10/11 (ECDSA, r || s), whose curve must match the key.
     */
    public static byte[] signClassic(AuthMethod method, PrivateKey key, byte[] signedOctets) {
        try {
            Signature s = Signature.getInstance(classicJcaName(method, key), BouncyCastle.PROVIDER);
            s.initSign(key, IkeRandom.secureRandom());
            s.update(signedOctets);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with " + method + " failed", e);
        }
    }

    /** The classic method for a key: 1 for RSA, 9/10/11 by curve for EC. */
    public static AuthMethod classicMethodFor(PrivateKey key) {
        if (SignatureScheme.kindOf(key) == KeyKind.RSA) {
            return AuthMethod.RSA_DIGITAL_SIGNATURE;
        }
        int bits = ((ECKey) key).getParams().getCurve().getField().getFieldSize();
        return switch (bits) {
            case 256 -> AuthMethod.ECDSA_SHA256_P256;
            case 384 -> AuthMethod.ECDSA_SHA384_P384;
            case 521 -> AuthMethod.ECDSA_SHA512_P521;
            default -> throw new IllegalArgumentException("no classic IKEv2 method for a " + bits + "-bit curve");
        };
    }

    /**
     * Verifies the peer's Authentication Data.
     *
     * @param method         the AUTH payload's method (1, 9, 10, 11 or 14)
     * @param peerKey        the public key of the peer's validated end-entity certificate
     * @param authData       the AUTH payload's Authentication Data
     * @param signedOctets   the peer's signed octets ({@link IkeKeyMaterial#signedOctets})
     * @param acceptedHashes hashes we accept: for method 14 those we announced in
     *                       SIGNATURE_HASH_ALGORITHMS; for method 1 include SHA1 to accept legacy peers
     * @return a description of the verified algorithm, for logs (e.g. "RSASSA-PSS/SHA2_256")
     */
    public static String verify(AuthMethod method, PublicKey peerKey, byte[] authData, byte[] signedOctets,
                                Set<SignatureHashAlgorithm> acceptedHashes) throws AuthenticationFailedException {
        return switch (method) {
            case DIGITAL_SIGNATURE -> verifyDigitalSignature(peerKey, authData, signedOctets, acceptedHashes);
            case RSA_DIGITAL_SIGNATURE -> verifyRsaClassic(peerKey, authData, signedOctets, acceptedHashes);
            case ECDSA_SHA256_P256, ECDSA_SHA384_P384, ECDSA_SHA512_P521 ->
                    verifyEcdsaClassic(method, peerKey, authData, signedOctets);
            default -> throw new AuthenticationFailedException("auth method " + method + " is not a supported signature method");
        };
    }

    private static String verifyDigitalSignature(PublicKey key, byte[] authData, byte[] octets,
                                                 Set<SignatureHashAlgorithm> accepted)
            throws AuthenticationFailedException {
        if (authData.length < 2) {
            throw new AuthenticationFailedException("RFC 7427 AUTH data too short");
        }
        int algIdLength = authData[0] & 0xff;
        if (authData.length < 1 + algIdLength + 1) {
            throw new AuthenticationFailedException("RFC 7427 AlgorithmIdentifier length " + algIdLength + " exceeds the AUTH data");
        }
        byte[] algIdDer = Arrays.copyOfRange(authData, 1, 1 + algIdLength);
        byte[] signature = Arrays.copyOfRange(authData, 1 + algIdLength, authData.length);
        AlgorithmIdentifier algId;
        try {
            algId = AlgorithmIdentifier.getInstance(ASN1Primitive.fromByteArray(algIdDer));
        } catch (IOException | IllegalArgumentException e) {
            throw new AuthenticationFailedException("RFC 7427 AlgorithmIdentifier does not parse");
        }
        ASN1ObjectIdentifier oid = algId.getAlgorithm();
        KeyKind kind;
        SignatureHashAlgorithm hash;
        String jcaName;
        PSSParameterSpec pss = null;
        if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            kind = KeyKind.RSA;
            RSASSAPSSparams params = pssParams(algId.getParameters());
            hash = digestOf(params.getHashAlgorithm().getAlgorithm());
            AlgorithmIdentifier mgf = params.getMaskGenAlgorithm();
            if (!mgf.getAlgorithm().equals(PKCSObjectIdentifiers.id_mgf1)) {
                throw new AuthenticationFailedException("RSASSA-PSS with an unsupported mask generation function " + mgf.getAlgorithm());
            }
            SignatureHashAlgorithm mgfHash = digestOf(AlgorithmIdentifier.getInstance(mgf.getParameters()).getAlgorithm());
            if (params.getTrailerField().intValueExact() != 1) {
                throw new AuthenticationFailedException("RSASSA-PSS with trailer field " + params.getTrailerField());
            }
            pss = new PSSParameterSpec(hash.jcaDigest(), "MGF1", new MGF1ParameterSpec(mgfHash.jcaDigest()),
                    params.getSaltLength().intValueExact(), 1);
            jcaName = "RSASSA-PSS";
        } else if (oid.equals(PKCSObjectIdentifiers.sha256WithRSAEncryption)) {
            kind = KeyKind.RSA;
            hash = SignatureHashAlgorithm.SHA2_256;
            jcaName = "SHA256withRSA";
        } else if (oid.equals(PKCSObjectIdentifiers.sha384WithRSAEncryption)) {
            kind = KeyKind.RSA;
            hash = SignatureHashAlgorithm.SHA2_384;
            jcaName = "SHA384withRSA";
        } else if (oid.equals(PKCSObjectIdentifiers.sha512WithRSAEncryption)) {
            kind = KeyKind.RSA;
            hash = SignatureHashAlgorithm.SHA2_512;
            jcaName = "SHA512withRSA";
        } else if (oid.equals(PKCSObjectIdentifiers.sha1WithRSAEncryption)) {
            kind = KeyKind.RSA;
            hash = SignatureHashAlgorithm.SHA1;
            jcaName = "SHA1withRSA";
        } else if (oid.equals(X9ObjectIdentifiers.ecdsa_with_SHA256)) {
            kind = KeyKind.EC;
            hash = SignatureHashAlgorithm.SHA2_256;
            jcaName = "SHA256withECDSA";
        } else if (oid.equals(X9ObjectIdentifiers.ecdsa_with_SHA384)) {
            kind = KeyKind.EC;
            hash = SignatureHashAlgorithm.SHA2_384;
            jcaName = "SHA384withECDSA";
        } else if (oid.equals(X9ObjectIdentifiers.ecdsa_with_SHA512)) {
            kind = KeyKind.EC;
            hash = SignatureHashAlgorithm.SHA2_512;
            jcaName = "SHA512withECDSA";
        } else if (oid.equals(X9ObjectIdentifiers.ecdsa_with_SHA1)) {
            kind = KeyKind.EC;
            hash = SignatureHashAlgorithm.SHA1;
            jcaName = "SHA1withECDSA";
        } else {
            throw new AuthenticationFailedException("unsupported RFC 7427 signature algorithm " + oid);
        }
        if (kind == KeyKind.RSA && pss == null) {
            ASN1Encodable p = algId.getParameters();
            if (p != null && !DERNull.INSTANCE.equals(p)) {
                throw new AuthenticationFailedException("PKCS#1 AlgorithmIdentifier with unexpected parameters");
            }
        }
        if (!accepted.contains(hash)) {
            throw new AuthenticationFailedException("peer signed with " + hash + ", which we did not offer");
        }
        if (keyKind(key) != kind) {
            throw new AuthenticationFailedException("peer signed with " + kind + " but its certificate holds a "
                    + key.getAlgorithm() + " key");
        }
        String description = (pss != null ? "RSASSA-PSS" : kind == KeyKind.RSA ? "RSA-PKCS1" : "ECDSA") + "/" + hash;
        try {
            Signature s = Signature.getInstance(jcaName, BouncyCastle.PROVIDER);
            if (pss != null) {
                s.setParameter(pss);
            }
            s.initVerify(key);
            s.update(octets);
            if (!s.verify(signature)) {
                throw new AuthenticationFailedException("signature (" + description + ") does not verify");
            }
        } catch (GeneralSecurityException e) {
            throw new AuthenticationFailedException("signature (" + description + ") does not verify: " + e.getMessage());
        }
        return description;
    }

    private static RSASSAPSSparams pssParams(ASN1Encodable parameters) throws AuthenticationFailedException {
        try {
            return RSASSAPSSparams.getInstance(parameters);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationFailedException("RSASSA-PSS parameters do not parse");
        }
    }

    private static SignatureHashAlgorithm digestOf(ASN1ObjectIdentifier oid) throws AuthenticationFailedException {
        if (oid.equals(OIWObjectIdentifiers.idSHA1)) {
            return SignatureHashAlgorithm.SHA1;
        }
        if (oid.equals(NISTObjectIdentifiers.id_sha256)) {
            return SignatureHashAlgorithm.SHA2_256;
        }
        if (oid.equals(NISTObjectIdentifiers.id_sha384)) {
            return SignatureHashAlgorithm.SHA2_384;
        }
        if (oid.equals(NISTObjectIdentifiers.id_sha512)) {
            return SignatureHashAlgorithm.SHA2_512;
        }
        throw new AuthenticationFailedException("unsupported hash algorithm " + oid);
    }

    private static String verifyRsaClassic(PublicKey key, byte[] authData, byte[] octets,
                                           Set<SignatureHashAlgorithm> accepted) throws AuthenticationFailedException {
        if (!(key instanceof RSAKey rsa)) {
            throw new AuthenticationFailedException("RSA Digital Signature but the certificate holds a " + key.getAlgorithm() + " key");
        }
        if (authData.length != (rsa.getModulus().bitLength() + 7) / 8) {
            throw new AuthenticationFailedException("RSA signature of " + authData.length + " octets for a "
                    + rsa.getModulus().bitLength() + "-bit key");
        }
        byte[] encodedDigestInfo;
        try {
            Cipher c = Cipher.getInstance("RSA/NONE/PKCS1Padding", BouncyCastle.PROVIDER);
            c.init(Cipher.DECRYPT_MODE, key);
            encodedDigestInfo = c.doFinal(authData);
        } catch (GeneralSecurityException e) {
            throw new AuthenticationFailedException("RSA signature does not verify");
        }
        // The hash is whatever the signer put in the DigestInfo (RFC 7296 §3.8 only recommends SHA-1).
        DigestInfo digestInfo;
        SignatureHashAlgorithm hash;
        try {
            digestInfo = DigestInfo.getInstance(ASN1Primitive.fromByteArray(encodedDigestInfo));
            hash = digestOf(digestInfo.getAlgorithmId().getAlgorithm());
            // Re-encoding must give the same octets: no BER leeway for forgeries to hide in.
            if (!Arrays.equals(new DigestInfo(new AlgorithmIdentifier(digestInfo.getAlgorithmId().getAlgorithm(),
                    DERNull.INSTANCE), digestInfo.getDigest()).getEncoded(ASN1Encoding.DER), encodedDigestInfo)) {
                throw new AuthenticationFailedException("RSA signature with a non-canonical DigestInfo");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new AuthenticationFailedException("RSA signature does not carry a DigestInfo");
        }
        if (!accepted.contains(hash)) {
            throw new AuthenticationFailedException("peer's RSA signature uses " + hash + ", which is not accepted");
        }
        try {
            byte[] expected = MessageDigest.getInstance(hash.jcaDigest()).digest(octets);
            if (!MessageDigest.isEqual(expected, digestInfo.getDigest())) {
                throw new AuthenticationFailedException("RSA signature does not verify");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return "RSA-PKCS1/" + hash;
    }

    private static String verifyEcdsaClassic(AuthMethod method, PublicKey key, byte[] authData, byte[] octets)
            throws AuthenticationFailedException {
        if (!(key instanceof ECKey ec)) {
            throw new AuthenticationFailedException(method + " but the certificate holds a " + key.getAlgorithm() + " key");
        }
        int bits = ec.getParams().getCurve().getField().getFieldSize();
        int expectedBits = switch (method) {
            case ECDSA_SHA256_P256 -> 256;
            case ECDSA_SHA384_P384 -> 384;
            default -> 521;
        };
        if (bits != expectedBits) {
            throw new AuthenticationFailedException(method + " needs a P-" + expectedBits + " key, the certificate has a "
                    + bits + "-bit curve");
        }
        if (authData.length != 2 * ((bits + 7) / 8)) {
            throw new AuthenticationFailedException(method + " signature of " + authData.length + " octets");
        }
        try {
            Signature s = Signature.getInstance(classicEcdsaName(method), BouncyCastle.PROVIDER);
            s.initVerify(key);
            s.update(octets);
            if (!s.verify(authData)) {
                throw new AuthenticationFailedException(method + " signature does not verify");
            }
        } catch (GeneralSecurityException e) {
            throw new AuthenticationFailedException(method + " signature does not verify: " + e.getMessage());
        }
        return method.name();
    }

    private static String classicJcaName(AuthMethod method, PrivateKey key) {
        if (method == AuthMethod.RSA_DIGITAL_SIGNATURE) {
            requireKind(KeyKind.RSA, key);
            return "SHA1withRSA";
        }
        if (method != classicMethodFor(key)) {
            throw new IllegalArgumentException(method + " does not match the key's curve");
        }
        return classicEcdsaName(method);
    }

    private static String classicEcdsaName(AuthMethod method) {
        return switch (method) {
            case ECDSA_SHA256_P256 -> "SHA256withPLAIN-ECDSA";
            case ECDSA_SHA384_P384 -> "SHA384withPLAIN-ECDSA";
            case ECDSA_SHA512_P521 -> "SHA512withPLAIN-ECDSA";
            default -> throw new IllegalArgumentException(method + " is not a classic ECDSA method");
        };
    }

    private static KeyKind keyKind(PublicKey key) throws AuthenticationFailedException {
        try {
            return SignatureScheme.kindOf(key);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationFailedException("peer certificate holds an unsupported " + key.getAlgorithm() + " key");
        }
    }

    private static void requireKind(KeyKind kind, PrivateKey key) {
        if (SignatureScheme.kindOf(key) != kind) {
            throw new IllegalArgumentException(kind + " scheme cannot sign with a " + key.getAlgorithm() + " key");
        }
    }
}

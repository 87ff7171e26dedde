package io.vpnd.ike.crypto;

/**
 * Authentication methods of the AUTH payload (RFC 7296 §3.8, IANA "IKEv2 Authentication
 * Method"), named as the registry names them.
 */
public enum AuthMethod {
    /** RSASSA-PKCS1-v1_5, hash from the DigestInfo; RFC 7296 says SHA-1 SHOULD be used. */
    RSA_DIGITAL_SIGNATURE(1),
    /** prf(prf(Shared Secret, "Key Pad for IKEv2"), signed octets), RFC 7296 §2.15. */
    SHARED_KEY_MESSAGE_INTEGRITY_CODE(2),
    /** DSS (not supported by vpnd). */
    DSS_DIGITAL_SIGNATURE(3),
    /** ECDSA with SHA-256 on P-256, signature r || s (RFC 4754). */
    ECDSA_SHA256_P256(9),
    /** ECDSA with SHA-384 on P-384 (RFC 4754). */
    ECDSA_SHA384_P384(10),
    /** ECDSA with SHA-512 on P-521 (RFC 4754). */
    ECDSA_SHA512_P521(11),
    /** Generic Secure Password Authentication Method, RFC 6467 (not supported). */
    GENERIC_SECURE_PASSWORD(12),
    /** NULL Authentication, RFC 7619 (not supported). */
    NULL_AUTHENTICATION(13),
    /** Digital Signature with an ASN.1 AlgorithmIdentifier, RFC 7427. */
    DIGITAL_SIGNATURE(14);

    private final int id;

    AuthMethod(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** True for the methods verified with a public key (1, 9, 10, 11, 14). */
    public boolean isSignature() {
        return this == RSA_DIGITAL_SIGNATURE || this == DIGITAL_SIGNATURE
                || this == ECDSA_SHA256_P256 || this == ECDSA_SHA384_P384 || this == ECDSA_SHA512_P521;
    }

    /** The method with this IANA number, or null if unknown. */
    public static AuthMethod byId(int id) {
        for (AuthMethod m : values()) {
            if (m.id == id) {
                return m;
            }
        }
        return null;
    }
}

package io.vpnd.crypto;

/**
 * Integrity transforms (IKEv2 transform type 3), HMAC truncated per RFC 2404 and RFC 4868.
 */
public enum IntegrityAlgorithm {
    AUTH_HMAC_SHA1_96(2, "HmacSHA1", 20, 12),
    AUTH_HMAC_SHA2_256_128(12, "HmacSHA256", 32, 16),
    AUTH_HMAC_SHA2_384_192(13, "HmacSHA384", 48, 24),
    AUTH_HMAC_SHA2_512_256(14, "HmacSHA512", 64, 32);

    private final int id;
    private final String jcaName;
    private final int keyLength;
    private final int icvLength;

    IntegrityAlgorithm(int id, String jcaName, int keyLength, int icvLength) {
        this.id = id;
        this.jcaName = jcaName;
        this.keyLength = keyLength;
        this.icvLength = icvLength;
    }

    public int id() { return id; }

    /** The JCA Mac algorithm name. */
    public String jcaName() { return jcaName; }

    /** Key length in octets (the full hash output length, RFC 4868 §2.1.1). */
    public int keyLength() { return keyLength; }

    /** Truncated ICV length in octets. */
    public int icvLength() { return icvLength; }

    public static IntegrityAlgorithm byId(int id) {
        for (IntegrityAlgorithm a : values()) {
            if (a.id == id) return a;
        }
        return null;
    }
}

package io.vpnd.crypto;

/** Pseudo-random functions (IKEv2 transform type 2). */
public enum PrfAlgorithm {
    PRF_HMAC_SHA1(2, "HmacSHA1", 20),
    PRF_HMAC_SHA2_256(5, "HmacSHA256", 32),
    PRF_HMAC_SHA2_384(6, "HmacSHA384", 48),
    PRF_HMAC_SHA2_512(7, "HmacSHA512", 64);

    private final int id;
    private final String jcaName;
    private final int outputLength;

    PrfAlgorithm(int id, String jcaName, int outputLength) {
        this.id = id;
        this.jcaName = jcaName;
        this.outputLength = outputLength;
    }

    public int id() { return id; }

    public String jcaName() { return jcaName; }

    /** Output (and preferred key) length in octets. */
    public int outputLength() { return outputLength; }

    public static PrfAlgorithm byId(int id) {
        for (PrfAlgorithm a : values()) {
            if (a.id == id) return a;
        }
        return null;
    }
}

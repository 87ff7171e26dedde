package io.vpnd.crypto;

/**
 * Encryption transforms (IKEv2 transform type 1, IANA "Transform Type 1 - Encryption Algorithm
 * Transform IDs") that vpnd implements, for both IKE (SK payload) and ESP.
 */
public enum EncryptionAlgorithm {
    /** AES-CBC, RFC 3602; key length 128, 192 or 256 given by the Key Length attribute. */
    ENCR_AES_CBC(12, false, 16, 16, 0),
    /** AES-GCM with an 8-octet ICV, RFC 4106/5282. */
    ENCR_AES_GCM_8(18, true, 8, 8, 4),
    /** AES-GCM with a 12-octet ICV, RFC 4106/5282. */
    ENCR_AES_GCM_12(19, true, 8, 12, 4),
    /** AES-GCM with a 16-octet ICV, RFC 4106/5282. */
    ENCR_AES_GCM_16(20, true, 8, 16, 4);

    private final int id;
    private final boolean aead;
    private final int ivLength;
    private final int icvLength;
    private final int saltLength;

    EncryptionAlgorithm(int id, boolean aead, int ivLength, int icvLength, int saltLength) {
        this.id = id;
        this.aead = aead;
        this.ivLength = ivLength;
        this.icvLength = icvLength;
        this.saltLength = saltLength;
    }

    /** The IANA transform ID. */
    public int id() { return id; }

    /** True for combined-mode (AEAD) ciphers, which need no integrity transform. */
    public boolean isAead() { return aead; }

    /** Octets of explicit IV carried in each packet. */
    public int ivLength() { return ivLength; }

    /** Octets of ICV for AEAD ciphers (0 for CBC, whose ICV comes from the integrity algorithm). */
    public int icvLength() { return aead ? icvLength : 0; }

    /** Octets of salt that follow the key in the keying material (RFC 4106 §8.1); 0 for CBC. */
    public int saltLength() { return saltLength; }

    /** Cipher block size used for padding: 16 for CBC, 4 for GCM (RFC 4106 §3.2 allows 4-octet alignment). */
    public int blockSize() { return aead ? 4 : 16; }

    /** Keying material octets for a key of {@code keyBits}: key plus salt. */
    public int keyMaterialLength(int keyBits) { return keyBits / 8 + saltLength; }

    public static EncryptionAlgorithm byId(int id) {
        for (EncryptionAlgorithm a : values()) {
            if (a.id == id) return a;
        }
        return null;
    }
}

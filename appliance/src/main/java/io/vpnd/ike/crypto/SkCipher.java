package io.vpnd.ike.crypto;

/**
 * Protection of the Encrypted payload (SK, RFC 7296 §3.14) and of Encrypted Fragments (SKF,
 * RFC 7383) for one direction of an IKE SA: the sender's SK_e and SK_a. AEAD ciphers follow
 * RFC 5282; CBC ciphers pair with an HMAC integrity algorithm.
 *
 * <p>{@code aad} is always the message from the first octet of the IKE header up to and including
 * the SK (or SKF) payload header, with the final lengths already filled in. For AEAD ciphers it is
 * the associated data; for CBC+HMAC the ICV covers {@code aad || IV || ciphertext}.
 */
public interface SkCipher {
    /** Octets of IV at the start of the SK payload body. */
    int ivLength();

    /** Octets of ICV at the end of the SK payload body. */
    int icvLength();

    /** The plaintext (payloads + padding + pad length octet) must be a multiple of this. */
    int blockSize();

    /**
     * Encrypts {@code plaintext}, which already ends in padding and the pad-length octet.
     *
     * @return the SK payload body: IV || ciphertext || ICV
     */
    byte[] encrypt(byte[] aad, byte[] plaintext);

    /**
     * Verifies and decrypts an SK payload body (IV || ciphertext || ICV).
     *
     * @return the plaintext including padding and the pad-length octet
     * @throws IntegrityCheckFailedException when the ICV does not verify or the body is malformed
     */
    byte[] decrypt(byte[] aad, byte[] body) throws IntegrityCheckFailedException;

    /** Thrown when an SK payload fails its integrity check: the message is dropped silently. */
    final class IntegrityCheckFailedException extends Exception {
        public IntegrityCheckFailedException(String message) {
            super(message, null, false, false);
        }
    }
}

package io.vpnd.ike.crypto;

import io.vpnd.crypto.PrfAlgorithm;

import java.io.ByteArrayOutputStream;

/**
 * An IKEv2 pseudo-random function (transform type 2) and the prf+ expansion built on it
 * (RFC 7296 §2.13). Implementations are stateless and thread-safe.
 */
public interface Prf {

    /** The PRF for a negotiated transform (HMAC-SHA1 and HMAC-SHA2, RFC 2104 / RFC 4868). */
    static Prf of(PrfAlgorithm algorithm) {
        return new HmacPrf(algorithm);
    }

    /** The negotiated transform, for logs and {@code toString}. */
    String name();

    /** Octets of output per invocation. */
    int outputLength();

    /** The PRF's preferred key length: the length of SK_d, SK_pi and SK_pr (RFC 7296 §2.14). */
    int preferredKeyLength();

    /**
     * True for PRFs with a fixed key size (AES-XCBC-PRF-128, AES-CMAC-PRF-128), for which
     * SKEYSEED uses only the first half-key of each nonce (RFC 7296 §2.14). False for HMAC.
     */
    boolean hasFixedKeyLength();

    /** prf(key, data[0] | data[1] | ...). */
    byte[] compute(byte[] key, byte[]... data);

    /**
     * prf+ (K, S) = T1 | T2 | ... truncated to {@code length} octets, where T1 = prf(K, S | 0x01)
     * and Tn = prf(K, Tn-1 | S | n) (RFC 7296 §2.13).
     *
     * @throws IllegalArgumentException when {@code length} needs more than 255 iterations
     */
    default byte[] prfPlus(byte[] key, byte[] seed, int length) {
        int blocks = (length + outputLength() - 1) / outputLength();
        if (blocks > 255) {
            throw new IllegalArgumentException("prf+ cannot produce " + length + " octets with " + name());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(blocks * outputLength());
        byte[] previous = new byte[0];
        for (int n = 1; n <= blocks; n++) {
            byte[] t = compute(key, previous, seed, new byte[] {(byte) n});
            out.writeBytes(t);
            Bytes.wipe(previous);
            previous = t;
        }
        Bytes.wipe(previous);
        byte[] all = out.toByteArray();
        byte[] result = Bytes.copyOfRange(all, 0, length);
        Bytes.wipe(all);
        return result;
    }
}

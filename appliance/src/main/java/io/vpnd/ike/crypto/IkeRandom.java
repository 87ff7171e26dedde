package io.vpnd.ike.crypto;

import java.security.SecureRandom;

/**
 * The one {@link SecureRandom} behind IKE's private keys, nonces, IVs and cookie secrets, so that
 * every consumer draws from the same well-seeded generator rather than each creating its own.
 */
public final class IkeRandom {
    private static final SecureRandom RANDOM = new SecureRandom();

    private IkeRandom() {
    }

    /** The shared generator (thread-safe). */
    public static SecureRandom secureRandom() {
        return RANDOM;
    }

    /** {@code length} fresh random octets, e.g. a nonce (RFC 7296 §2.10: at least 16, at least half the PRF key size). */
    public static byte[] bytes(int length) {
        byte[] out = new byte[length];
        RANDOM.nextBytes(out);
        return out;
    }
}

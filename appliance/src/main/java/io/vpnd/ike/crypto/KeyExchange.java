package io.vpnd.ike.crypto;

import io.vpnd.crypto.KeyExchangeGroup;

import javax.security.auth.Destroyable;

/**
 * One side of an ephemeral Diffie-Hellman exchange (KE payload, RFC 7296 §3.4): a private value
 * generated at construction, its public value for the KE payload, and the shared secret g^ir
 * once the peer's public value arrives. Obtain instances from {@link KeyExchanges}. Not
 * thread-safe; {@link #destroy()} it once the shared secret has been used.
 */
public interface KeyExchange extends Destroyable {

    KeyExchangeGroup group();

    /**
     * The Key Exchange Data for our KE payload: exactly {@code group().publicValueLength()} octets
     * (MODP: y padded to the modulus length; ECP: x || y, RFC 5903 §7; Curve25519: u, RFC 8031).
     */
    byte[] publicValue();

    /**
     * Validates the peer's Key Exchange Data and computes g^ir as IKE uses it (RFC 7296 §2.14:
     * MODP padded to the modulus length; ECP the x coordinate, RFC 5903 §7; X25519 the 32-octet
     * output, RFC 8031 §2). The caller owns (and should wipe) the returned array.
     *
     * @throws InvalidKeyExchangeException when the peer's value fails the group's checks
     * @throws IllegalStateException       after {@link #destroy()}
     */
    byte[] sharedSecret(byte[] peerPublicValue) throws InvalidKeyExchangeException;

    /** Forgets the private value. */
    @Override
    void destroy();

    @Override
    boolean isDestroyed();
}

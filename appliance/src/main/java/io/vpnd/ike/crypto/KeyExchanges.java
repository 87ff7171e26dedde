package io.vpnd.ike.crypto;

import io.vpnd.crypto.KeyExchangeGroup;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Creates {@link KeyExchange}s for every {@link KeyExchangeGroup}: MODP 2, 5, 14-18 and 22-24,
 * ECP 19-21 and Curve25519 (31).
 */
public final class KeyExchanges {
    private KeyExchanges() {
    }

    /** A fresh key pair from the shared {@link IkeRandom} generator. */
    public static KeyExchange generate(KeyExchangeGroup group) {
        return generate(group, IkeRandom.secureRandom());
    }

    /** A fresh key pair from {@code random}. */
    public static KeyExchange generate(KeyExchangeGroup group, SecureRandom random) {
        Objects.requireNonNull(group, "group");
        return switch (group.kind()) {
            case MODP -> new ModpKeyExchange(group, random);
            case ECP -> new EcpKeyExchange(group, random);
            case MONTGOMERY -> new X25519KeyExchange(random);
        };
    }

    /**
     * A key exchange with a given private value (big-endian exponent or scalar; for Curve25519 the
     * 32-octet RFC 7748 scalar). For known-answer tests; production code uses {@link #generate}.
     */
    public static KeyExchange withPrivateValue(KeyExchangeGroup group, byte[] privateValue) {
        return switch (group.kind()) {
            case MODP -> new ModpKeyExchange(group, new BigInteger(1, privateValue));
            case ECP -> new EcpKeyExchange(group, new BigInteger(1, privateValue));
            case MONTGOMERY -> new X25519KeyExchange(privateValue);
        };
    }
}

package io.vpnd.ike.crypto;

import io.vpnd.crypto.KeyExchangeGroup;
import io.vpnd.ike.crypto.InvalidKeyExchangeException.Reason;
import org.bouncycastle.math.ec.rfc7748.X25519;

import java.security.SecureRandom;

/** Curve25519 key exchange for IKEv2 (RFC 8031 §2, X25519 of RFC 7748 §5). */
final class X25519KeyExchange implements KeyExchange {
    private final byte[] privateKey;
    private final byte[] publicValue = new byte[X25519.POINT_SIZE];
    private boolean destroyed;

    X25519KeyExchange(SecureRandom random) {
        this(generate(random));
    }

    X25519KeyExchange(byte[] privateKey) {
        if (privateKey.length != X25519.SCALAR_SIZE) {
            throw new IllegalArgumentException("X25519 private key must be 32 octets");
        }
        this.privateKey = privateKey.clone();
        X25519.generatePublicKey(this.privateKey, 0, publicValue, 0);
    }

    private static byte[] generate(SecureRandom random) {
        byte[] k = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(random, k);
        return k;
    }

    @Override
    public KeyExchangeGroup group() {
        return KeyExchangeGroup.CURVE25519;
    }

    @Override
    public byte[] publicValue() {
        return publicValue.clone();
    }

    @Override
    public byte[] sharedSecret(byte[] peerPublicValue) throws InvalidKeyExchangeException {
        if (destroyed) {
            throw new IllegalStateException("key exchange destroyed");
        }
        if (peerPublicValue.length != X25519.POINT_SIZE) {
            throw new InvalidKeyExchangeException(KeyExchangeGroup.CURVE25519, Reason.WRONG_LENGTH,
                    peerPublicValue.length + " octets, expected 32");
        }
        byte[] shared = new byte[X25519.POINT_SIZE];
        // RFC 8031 §2: an all-zero result (a small-order peer value) MUST be rejected.
        if (!X25519.calculateAgreement(privateKey, 0, peerPublicValue, 0, shared, 0)) {
            throw new InvalidKeyExchangeException(KeyExchangeGroup.CURVE25519, Reason.DEGENERATE_SHARED_SECRET,
                    "all-zero shared secret");
        }
        return shared;
    }

    @Override
    public void destroy() {
        Bytes.wipe(privateKey);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public String toString() {
        return "KeyExchange[CURVE25519]";
    }
}

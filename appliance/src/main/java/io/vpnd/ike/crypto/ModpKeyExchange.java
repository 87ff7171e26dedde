package io.vpnd.ike.crypto;

import io.vpnd.crypto.KeyExchangeGroup;
import io.vpnd.ike.crypto.InvalidKeyExchangeException.Reason;

import java.math.BigInteger;
import java.security.SecureRandom;

/** Finite-field Diffie-Hellman over a MODP group (RFC 7296 §3.4, RFC 3526, RFC 5114). */
final class ModpKeyExchange implements KeyExchange {
    private static final BigInteger TWO = BigInteger.valueOf(2);

    private final KeyExchangeGroup group;
    private final ModpGroup params;
    private BigInteger x;
    private final byte[] publicValue;

    ModpKeyExchange(KeyExchangeGroup group, SecureRandom random) {
        this(group, randomExponent(ModpGroup.of(group), random));
    }

    ModpKeyExchange(KeyExchangeGroup group, BigInteger privateExponent) {
        this.group = group;
        this.params = ModpGroup.of(group);
        if (privateExponent.compareTo(BigInteger.ONE) <= 0 || privateExponent.compareTo(params.q()) >= 0) {
            throw new IllegalArgumentException("private exponent out of range for " + group);
        }
        this.x = privateExponent;
        this.publicValue = Bytes.fixedLength(params.g().modPow(x, params.p()), group.publicValueLength());
    }

    private static BigInteger randomExponent(ModpGroup params, SecureRandom random) {
        for (int i = 0; i < 1000; i++) {
            BigInteger candidate = params.safePrime()
                    ? new BigInteger(params.exponentBits(), random)
                    : new BigInteger(params.q().bitLength(), random);
            if (candidate.compareTo(TWO) >= 0 && candidate.compareTo(params.q()) < 0) {
                return candidate;
            }
        }
        throw new IllegalStateException("random generator keeps producing out-of-range exponents");
    }

    @Override
    public KeyExchangeGroup group() {
        return group;
    }

    @Override
    public byte[] publicValue() {
        return publicValue.clone();
    }

    @Override
    public byte[] sharedSecret(byte[] peerPublicValue) throws InvalidKeyExchangeException {
        if (x == null) {
            throw new IllegalStateException("key exchange destroyed");
        }
        if (peerPublicValue.length != group.publicValueLength()) {
            throw new InvalidKeyExchangeException(group, Reason.WRONG_LENGTH,
                    peerPublicValue.length + " octets, expected " + group.publicValueLength());
        }
        BigInteger p = params.p();
        BigInteger y = new BigInteger(1, peerPublicValue);
        if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
            throw new InvalidKeyExchangeException(group, Reason.OUT_OF_RANGE, "y not in (1, p-1)");
        }
        // For safe primes the range check suffices; RFC 5114 groups have small subgroups to avoid.
        if (!params.safePrime() && !y.modPow(params.q(), p).equals(BigInteger.ONE)) {
            throw new InvalidKeyExchangeException(group, Reason.NOT_IN_SUBGROUP, "y^q != 1 mod p");
        }
        BigInteger shared = y.modPow(x, p);
        if (shared.compareTo(BigInteger.ONE) <= 0) {
            throw new InvalidKeyExchangeException(group, Reason.DEGENERATE_SHARED_SECRET, "g^ir <= 1");
        }
        return Bytes.fixedLength(shared, group.publicValueLength());
    }

    @Override
    public void destroy() {
        // BigInteger cannot be overwritten; dropping the reference is the best the JDK allows.
        x = null;
    }

    @Override
    public boolean isDestroyed() {
        return x == null;
    }

    @Override
    public String toString() {
        return "KeyExchange[" + group + "]";
    }
}

package io.vpnd.ike.crypto;

import io.vpnd.crypto.KeyExchangeGroup;
import io.vpnd.ike.crypto.InvalidKeyExchangeException.Reason;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * ECDH over the NIST prime curves as RFC 5903 uses them in IKE: the public value is x || y with
 * each coordinate padded to the field size and no 0x04 prefix (§7); the shared secret is the x
 * coordinate of the common point.
 */
final class EcpKeyExchange implements KeyExchange {
    private final KeyExchangeGroup group;
    private final X9ECParameters curve;
    private final int fieldLength;
    private BigInteger d;
    private final byte[] publicValue;

    EcpKeyExchange(KeyExchangeGroup group, SecureRandom random) {
        this(group, BigIntegers.createRandomInRange(BigInteger.ONE, curveOf(group).getN().subtract(BigInteger.ONE), random));
    }

    EcpKeyExchange(KeyExchangeGroup group, BigInteger privateKey) {
        this.group = group;
        this.curve = curveOf(group);
        this.fieldLength = group.publicValueLength() / 2;
        if (privateKey.signum() <= 0 || privateKey.compareTo(curve.getN()) >= 0) {
            throw new IllegalArgumentException("private key out of range for " + group);
        }
        this.d = privateKey;
        ECPoint q = new FixedPointCombMultiplier().multiply(curve.getG(), d).normalize();
        this.publicValue = Bytes.concat(
                Bytes.fixedLength(q.getAffineXCoord().toBigInteger(), fieldLength),
                Bytes.fixedLength(q.getAffineYCoord().toBigInteger(), fieldLength));
    }

    static X9ECParameters curveOf(KeyExchangeGroup group) {
        String name = switch (group) {
            case ECP_256 -> "secp256r1";
            case ECP_384 -> "secp384r1";
            case ECP_521 -> "secp521r1";
            default -> throw new IllegalArgumentException(group + " is not an ECP group");
        };
        return CustomNamedCurves.getByName(name);
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
        if (d == null) {
            throw new IllegalStateException("key exchange destroyed");
        }
        if (peerPublicValue.length != group.publicValueLength()) {
            throw new InvalidKeyExchangeException(group, Reason.WRONG_LENGTH,
                    peerPublicValue.length + " octets, expected " + group.publicValueLength()
                            + (peerPublicValue.length == group.publicValueLength() + 1
                            ? " (a SEC 1 0x04 prefix is not allowed, RFC 5903 §7)" : ""));
        }
        BigInteger x = new BigInteger(1, Bytes.copyOfRange(peerPublicValue, 0, fieldLength));
        BigInteger y = new BigInteger(1, Bytes.copyOfRange(peerPublicValue, fieldLength, fieldLength));
        ECCurve c = curve.getCurve();
        BigInteger prime = c.getField().getCharacteristic();
        if (x.compareTo(prime) >= 0 || y.compareTo(prime) >= 0) {
            throw new InvalidKeyExchangeException(group, Reason.OUT_OF_RANGE, "coordinate >= field prime");
        }
        ECPoint peer;
        try {
            // validatePoint checks the curve equation; the NIST curves have cofactor 1, so any
            // point on the curve other than infinity is in the prime-order group.
            peer = c.validatePoint(x, y);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeyExchangeException(group, Reason.NOT_ON_CURVE, "point not on the curve");
        }
        ECPoint shared = peer.multiply(d).normalize();
        if (shared.isInfinity()) {
            throw new InvalidKeyExchangeException(group, Reason.DEGENERATE_SHARED_SECRET, "point at infinity");
        }
        return Bytes.fixedLength(shared.getAffineXCoord().toBigInteger(), fieldLength);
    }

    @Override
    public void destroy() {
        d = null;
    }

    @Override
    public boolean isDestroyed() {
        return d == null;
    }

    @Override
    public String toString() {
        return "KeyExchange[" + group + "]";
    }
}

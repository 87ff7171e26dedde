package io.vpnd.ike.crypto;

import io.vpnd.crypto.KeyExchangeGroup;

/**
 * The peer's Key Exchange Data was refused (RFC 7296 §3.4, RFC 5903 §7, RFC 6989, RFC 8031 §2).
 * Such a message is malformed: the IKE layer answers a request with INVALID_SYNTAX (or fails the
 * exchange when the message is a response). INVALID_KE_PAYLOAD is for a different situation, a
 * KE payload of an unselected group, which the IKE layer detects before calling here.
 */
public final class InvalidKeyExchangeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the public value was refused. */
    public enum Reason {
        /** Not exactly the group's public value length. */
        WRONG_LENGTH,
        /** MODP: y outside 1 &lt; y &lt; p-1; ECP: a coordinate not below the field prime. */
        OUT_OF_RANGE,
        /** MODP groups 22-24: y is not in the prime-order subgroup (y^q != 1 mod p, RFC 6989 §2.2). */
        NOT_IN_SUBGROUP,
        /** ECP: (x, y) does not satisfy the curve equation (RFC 6989 §2.3). */
        NOT_ON_CURVE,
        /** The computed shared value is degenerate: point at infinity, 1, or all-zero X25519 output. */
        DEGENERATE_SHARED_SECRET
    }

    private final transient KeyExchangeGroup group;
    private final Reason reason;

    public InvalidKeyExchangeException(KeyExchangeGroup group, Reason reason, String detail) {
        super(group + ": invalid peer public value (" + reason + "): " + detail, null, false, false);
        this.group = group;
        this.reason = reason;
    }

    public KeyExchangeGroup group() {
        return group;
    }

    public Reason reason() {
        return reason;
    }
}

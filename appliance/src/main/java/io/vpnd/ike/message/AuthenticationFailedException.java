package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;

/**
 * AUTHENTICATION_FAILED (RFC 7296 §3.10.1, §2.21.2): the AUTH payload (or EAP) did not verify
 * (wrong PSK, bad signature, unacceptable algorithm), or the peer's identity is not allowed.
 * {@code ike.crypto} throws it from its AUTH verifiers. The message says why, for logs and
 * admins; it never contains key material and is never sent to the peer.
 */
public final class AuthenticationFailedException extends IkeProtocolException {
    public AuthenticationFailedException(String message) {
        super(NotifyType.AUTHENTICATION_FAILED, new byte[0], message);
    }
}

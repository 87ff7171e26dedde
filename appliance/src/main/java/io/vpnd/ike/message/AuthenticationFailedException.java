package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;

/** AUTHENTICATION_FAILED (RFC 7296 §3.10.1): the AUTH payload (or EAP) did not verify, or the peer's identity is not allowed. */
public final class AuthenticationFailedException extends IkeProtocolException {
    public AuthenticationFailedException(String message) {
        super(NotifyType.AUTHENTICATION_FAILED, new byte[0], message);
    }
}

package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;

/** INVALID_SYNTAX (RFC 7296 §3.10.1): a malformed message, a bad length, or a payload combination the exchange does not allow. */
public final class InvalidSyntaxException extends IkeProtocolException {
    public InvalidSyntaxException(String message) {
        super(NotifyType.INVALID_SYNTAX, new byte[0], message);
    }
}

package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;

/** FAILED_CP_REQUIRED (RFC 7296 §3.10.1): a Configuration payload was expected but missing. */
public final class FailedCpRequiredException extends IkeProtocolException {
    public FailedCpRequiredException(String message) {
        super(NotifyType.FAILED_CP_REQUIRED, new byte[0], message);
    }
}

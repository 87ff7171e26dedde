package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;

/** TEMPORARY_FAILURE (RFC 7296 §2.25): the request collides with an exchange in progress (e.g. rekeying); retry later. */
public final class TemporaryFailureException extends IkeProtocolException {
    public TemporaryFailureException(String message) {
        super(NotifyType.TEMPORARY_FAILURE, new byte[0], message);
    }
}

package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;

/** INTERNAL_ADDRESS_FAILURE (RFC 7296 §3.10.1): no internal address could be assigned for a CP request. */
public final class InternalAddressFailureException extends IkeProtocolException {
    public InternalAddressFailureException(String message) {
        super(NotifyType.INTERNAL_ADDRESS_FAILURE, new byte[0], message);
    }
}

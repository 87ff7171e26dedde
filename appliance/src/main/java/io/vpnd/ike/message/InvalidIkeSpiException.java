package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;

/** INVALID_IKE_SPI (RFC 7296 §2.21.4): a message for an IKE SA this node does not know; answered, if at all, only in the clear and rate-limited. */
public final class InvalidIkeSpiException extends IkeProtocolException {
    public InvalidIkeSpiException(String message) {
        super(NotifyType.INVALID_IKE_SPI, new byte[0], message);
    }
}

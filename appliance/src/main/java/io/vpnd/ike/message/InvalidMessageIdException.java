package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;

/**
 * INVALID_MESSAGE_ID (RFC 7296 §3.10.1): a message ID outside the window. The notification data
 * is the four-octet message ID; sending it is optional and MUST be rate-limited.
 */
public final class InvalidMessageIdException extends IkeProtocolException {
    private final long messageId;

    public InvalidMessageIdException(long messageId) {
        super(NotifyType.INVALID_MESSAGE_ID, Octets.u32(messageId), "message ID " + messageId + " outside the window");
        this.messageId = messageId;
    }

    public long messageId() { return messageId; }
}

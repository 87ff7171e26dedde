package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;

/**
 * INVALID_KE_PAYLOAD (RFC 7296 §1.2, §3.10.1): the KE payload's group is not the one selected. The
 * notification data is the two-octet number of the group the responder accepts, so that the
 * initiator can retry with it.
 */
public final class InvalidKePayloadException extends IkeProtocolException {
    private final int acceptedGroup;

    public InvalidKePayloadException(int acceptedGroup) {
        super(NotifyType.INVALID_KE_PAYLOAD, Octets.u16(acceptedGroup), "KE group not accepted; expected group " + acceptedGroup);
        this.acceptedGroup = acceptedGroup;
    }

    /** The key exchange group number the responder wants. */
    public int acceptedGroup() { return acceptedGroup; }
}

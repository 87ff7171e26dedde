package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;
import io.vpnd.ike.message.IkeConstants.PayloadType;

/**
 * UNSUPPORTED_CRITICAL_PAYLOAD (RFC 7296 §2.5, §3.10.1): a payload of a type this node does not
 * understand had its Critical bit set. The notification data is the one-octet payload type.
 */
public final class UnsupportedCriticalPayloadException extends IkeProtocolException {
    private final int payloadType;

    public UnsupportedCriticalPayloadException(int payloadType) {
        super(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, Octets.u8(payloadType),
                "critical payload of unsupported type " + PayloadType.nameOf(payloadType));
        this.payloadType = payloadType;
    }

    /** The payload type that could not be handled. */
    public int payloadType() { return payloadType; }
}

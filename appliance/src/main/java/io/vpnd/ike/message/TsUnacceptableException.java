package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;

/** TS_UNACCEPTABLE (RFC 7296 §3.10.1): the proposed traffic selectors do not match local policy. */
public final class TsUnacceptableException extends IkeProtocolException {
    public TsUnacceptableException(String message) {
        super(NotifyType.TS_UNACCEPTABLE, new byte[0], message);
    }
}

package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;

/** SINGLE_PAIR_REQUIRED (RFC 7296 §3.10.1): only a single pair of traffic selectors is acceptable. */
public final class SinglePairRequiredException extends IkeProtocolException {
    public SinglePairRequiredException(String message) {
        super(NotifyType.SINGLE_PAIR_REQUIRED, new byte[0], message);
    }
}

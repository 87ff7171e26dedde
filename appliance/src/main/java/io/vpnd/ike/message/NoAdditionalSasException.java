package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;

/** NO_ADDITIONAL_SAS (RFC 7296 §3.10.1): the node will not create more Child SAs on this IKE SA. */
public final class NoAdditionalSasException extends IkeProtocolException {
    public NoAdditionalSasException(String message) {
        super(NotifyType.NO_ADDITIONAL_SAS, new byte[0], message);
    }
}

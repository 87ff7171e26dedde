package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;

/** NO_PROPOSAL_CHOSEN (RFC 7296 §3.10.1): none of the offered proposals is acceptable. */
public final class NoProposalChosenException extends IkeProtocolException {
    public NoProposalChosenException(String message) {
        super(NotifyType.NO_PROPOSAL_CHOSEN, new byte[0], message);
    }
}

package io.vpnd.ike.task;

import io.vpnd.ike.IkeSa;
import io.vpnd.ike.message.DeletePayload;
import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeMessage;

import java.time.Duration;

/**
 * Deletes the IKE SA, and with it every Child SA (RFC 7296 §1.4.1). The SA is torn down when the
 * peer answers, or when it does not within a short time.
 */
public final class IkeDeleteTask implements IkeTask {
    /** A peer that does not confirm a delete within this time is not waited for. */
    static final Duration GIVE_UP = Duration.ofSeconds(10);
    private final IkeSa sa;
    private final String reason;

    public IkeDeleteTask(IkeSa sa, String reason) {
        this.sa = sa;
        this.reason = reason;
    }

    @Override
    public String name() {
        return "IKE_DELETE";
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public Duration giveUpAfter() {
        return GIVE_UP;
    }

    @Override
    public String failureReason() {
        return reason;
    }

    @Override
    public Status build(OutgoingMessage out) {
        out.add(DeletePayload.ikeSa());
        return Status.NEED_MORE;
    }

    /** The peer confirmed: done; the manager removes the SA. */
    @Override
    public Status process(IkeMessage m) {
        sa.context().destroy(sa, reason);
        return Status.SUCCESS;
    }
}

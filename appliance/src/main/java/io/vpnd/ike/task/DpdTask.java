package io.vpnd.ike.task;

import io.vpnd.ike.IkeSa;
import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeMessage;

import java.time.Duration;

/**
 * A liveness check (RFC 7296 §2.4): an empty INFORMATIONAL request. An answer proves the peer
 * alive; no answer within the DPD timeout fails the IKE SA with DPD_TIMEOUT.
 */
public final class DpdTask implements IkeTask {
    private final Duration timeout;

    public DpdTask(IkeSa sa, Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "DPD";
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public Duration giveUpAfter() {
        return timeout;
    }

    @Override
    public Status build(OutgoingMessage out) {
        return Status.NEED_MORE;
    }

    @Override
    public Status process(IkeMessage m) {
        return Status.SUCCESS;
    }
}

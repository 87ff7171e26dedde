package io.vpnd.ike.task;

import io.vpnd.ike.IkeSa;
import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeConstants.NotifyType;
import io.vpnd.ike.message.IkeMessage;
import io.vpnd.ike.message.NotifyPayload;

/**
 * Answers a CREATE_CHILD_SA request vpnd does not take on with NO_ADDITIONAL_SAS (RFC 7296
 * §1.3), which leaves the existing SAs untouched; the peer then falls back to reauthentication.
 */
public final class CreateChildRefusalTask implements IkeTask {
    private static final System.Logger LOG = System.getLogger(CreateChildRefusalTask.class.getName());
    private final IkeSa sa;

    public CreateChildRefusalTask(IkeSa sa) {
        this.sa = sa;
    }

    @Override
    public String name() {
        return "CREATE_CHILD_REFUSAL";
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.CREATE_CHILD_SA;
    }

    @Override
    public Status process(IkeMessage m) {
        LOG.log(System.Logger.Level.INFO, "tunnel " + sa.tunnelName() + ": refusing CREATE_CHILD_SA (NO_ADDITIONAL_SAS)");
        return Status.NEED_MORE;
    }

    @Override
    public Status build(OutgoingMessage out) {
        out.add(NotifyPayload.of(NotifyType.NO_ADDITIONAL_SAS));
        return Status.SUCCESS;
    }
}

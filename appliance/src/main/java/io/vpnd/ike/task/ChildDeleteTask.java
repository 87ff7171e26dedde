package io.vpnd.ike.task;

import io.vpnd.ike.ChildSa;
import io.vpnd.ike.ChildSaInstaller;
import io.vpnd.ike.ChildSaState;
import io.vpnd.ike.IkeSa;
import io.vpnd.ike.message.DeletePayload;
import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeConstants.ProtocolId;
import io.vpnd.ike.message.IkeMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Deletes Child SAs (RFC 7296 §1.4.1): a Delete payload with our inbound SPIs; the peer answers
 * with its own, and both ends remove the pairs. Used after a rekey for the replaced SA and when an
 * SA reaches its hard lifetime.
 */
public final class ChildDeleteTask implements IkeTask {
    private static final System.Logger LOG = System.getLogger(ChildDeleteTask.class.getName());
    private final IkeSa sa;
    private final List<ChildSa> children;
    private final String reason;
    private final List<ChildSa> sent = new ArrayList<>();

    public ChildDeleteTask(IkeSa sa, List<ChildSa> children, String reason) {
        this.sa = sa;
        this.children = List.copyOf(children);
        this.reason = reason;
    }

    @Override
    public String name() {
        return "CHILD_DELETE";
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public Status build(OutgoingMessage out) {
        for (ChildSa c : children) {
            if (c.state() != ChildSaState.DESTROYED) sent.add(c);
        }
        if (sent.isEmpty()) return Status.SUCCESS;
        for (ChildSa c : sent) if (c.state() != ChildSaState.DELETING) c.moveTo(ChildSaState.DELETING);
        out.add(DeletePayload.childSas(ProtocolId.ESP, sent.stream().mapToInt(ChildSa::spiIn).toArray()));
        return Status.NEED_MORE;
    }

    @Override
    public Status process(IkeMessage m) {
        for (ChildSa c : sent) {
            ChildSaInstaller.uninstall(sa, c);
        }
        LOG.log(System.Logger.Level.DEBUG, "tunnel " + sa.tunnelName() + ": deleted " + sent.size() + " Child SA(s) (" + reason + ")");
        // a replacement the peer held back its outbound half for can now send
        for (ChildSa c : sa.children()) ChildSaInstaller.activateOutbound(sa, c);
        return Status.SUCCESS;
    }
}

package io.vpnd.ike.task;

import io.vpnd.ike.ChildSa;
import io.vpnd.ike.ChildSaInstaller;
import io.vpnd.ike.IkeSa;
import io.vpnd.ike.message.DeletePayload;
import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeConstants.ProtocolId;
import io.vpnd.ike.message.IkeMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Responder side of INFORMATIONAL (RFC 7296 §1.4): deletes of the IKE SA or of Child SAs, and
 * empty liveness checks, which are simply answered. A Child SA delete is answered with deletes of
 * our inbound halves; an IKE SA delete with an empty response, after which the SA is gone.
 */
public final class InformationalTask implements IkeTask {
    private static final System.Logger LOG = System.getLogger(InformationalTask.class.getName());
    private final IkeSa sa;
    private boolean deleteIkeSa;
    private final List<ChildSa> deleted = new ArrayList<>();

    public InformationalTask(IkeSa sa) {
        this.sa = sa;
    }

    @Override
    public String name() {
        return "INFORMATIONAL";
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.INFORMATIONAL;
    }

    @Override
    public String failureReason() {
        return deleteIkeSa ? "PEER_DELETE" : null;
    }

    @Override
    public Status process(IkeMessage m) {
        for (DeletePayload d : m.payloads(DeletePayload.class)) {
            if (d.deletesIkeSa()) {
                deleteIkeSa = true;
            } else if (d.protocol() == ProtocolId.ESP) {
                for (int spi : d.childSpis()) {
                    for (ChildSa c : sa.children()) {
                        if (c.spiOut() == spi && !deleted.contains(c)) deleted.add(c);
                    }
                }
            }
        }
        return Status.NEED_MORE;
    }

    @Override
    public Status build(OutgoingMessage out) {
        if (deleteIkeSa) {
            LOG.log(System.Logger.Level.INFO, "tunnel " + sa.tunnelName() + ": the peer deleted the IKE SA");
            // the manager tears the SA down once this (empty) answer is sent
            return Status.FAILED;
        }
        if (!deleted.isEmpty()) {
            int[] ours = deleted.stream().mapToInt(ChildSa::spiIn).toArray();
            out.add(DeletePayload.childSas(ProtocolId.ESP, ours));
            for (ChildSa c : deleted) ChildSaInstaller.uninstall(sa, c);
            // the old SA of a rekey is gone: its replacement may now send (see ChildSaInstaller)
            for (ChildSa c : sa.children()) ChildSaInstaller.activateOutbound(sa, c);
            LOG.log(System.Logger.Level.INFO, "tunnel " + sa.tunnelName() + ": the peer deleted " + deleted.size()
                    + " Child SA(s)");
            if (sa.children().isEmpty()) sa.context().events().down(sa.config().name(), "PEER_DELETE");
        }
        return Status.SUCCESS;
    }
}

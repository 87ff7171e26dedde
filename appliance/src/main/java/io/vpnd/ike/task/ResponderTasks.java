package io.vpnd.ike.task;

import io.vpnd.ike.IkeSa;
import io.vpnd.ike.message.IkeMessage;

import io.vpnd.ike.message.IkeConstants.ProtocolId;
import io.vpnd.ike.message.SaPayload;

import java.util.List;

/** Which tasks answer a request, by exchange type (strongSwan's {@code task_manager_t.process_request}). */
public final class ResponderTasks {
    private ResponderTasks() {
    }

    /** A CREATE_CHILD_SA whose SA payload proposes protocol IKE rekeys the IKE SA (RFC 7296 §1.3.2). */
    static boolean isIkeRekey(IkeMessage request) {
        return request.payload(SaPayload.class).map(p -> !p.proposals().isEmpty()
                && p.proposals().get(0).protocol() == ProtocolId.IKE).orElse(false);
    }

    public static List<IkeTask> forRequest(IkeSa sa, IkeMessage request) {
        return switch (request.exchangeType()) {
            case IKE_SA_INIT -> List.of(new IkeInitTask(sa));
            case IKE_AUTH -> List.of(new IkeAuthTask(sa, false), new ChildCreateTask(sa));
            case CREATE_CHILD_SA -> isIkeRekey(request) ? List.of(IkeRekeyTask.responder(sa))
                    : List.of(ChildCreateTask.responder(sa));
            case INFORMATIONAL -> List.of(new InformationalTask(sa));
        };
    }
}

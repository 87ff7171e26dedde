package io.vpnd.ike.task;

import io.vpnd.ike.IkeSa;
import io.vpnd.ike.message.IkeMessage;

import java.util.List;

/** Which tasks answer a request, by exchange type (strongSwan's {@code task_manager_t.process_request}). */
public final class ResponderTasks {
    private ResponderTasks() {
    }

    public static List<IkeTask> forRequest(IkeSa sa, IkeMessage request) {
        return switch (request.exchangeType()) {
            case IKE_SA_INIT -> List.of(new IkeInitTask(sa));
            case IKE_AUTH -> List.of(new IkeAuthTask(sa, false), new ChildCreateTask(sa));
            case CREATE_CHILD_SA -> List.of(new CreateChildRefusalTask(sa));
            case INFORMATIONAL -> List.of(new InformationalTask(sa));
        };
    }
}

package io.vpnd.ike.task;

import io.vpnd.ike.message.IkeMessage;

/**
 * One concern of an exchange, strongSwan-style ({@code sa/ikev2/tasks/}): IKE_SA_INIT keys,
 * authentication, a Child SA, a delete, a liveness check. Several tasks may share one exchange
 * (IKE_SA_INIT carries IkeInit, IKE_AUTH carries IkeAuth and ChildCreate); the task manager
 * owns message IDs and retransmits, tasks never touch sockets.
 *
 * <p>As initiator a task is asked to {@link #build} a request, then to {@link #process} the
 * response; as responder to {@link #process} the request, then to {@link #build} the response.
 * A task that returns {@link Status#NEED_MORE} takes part in the next exchange too.
 */
public interface IkeTask {
    /** Outcome of a build or process step. */
    enum Status {
        /** Done with this exchange, but the task continues in the next one. */
        NEED_MORE,
        /** The task completed. */
        SUCCESS,
        /** The task failed; the IKE SA's failure reason says why. */
        FAILED
    }

    /** Adds this task's payloads to an outgoing request (initiator) or response (responder). */
    Status build(OutgoingMessage message);

    /** Consumes the payloads of a received response (initiator) or request (responder). */
    Status process(IkeMessage message);

    /** A short name for logs. */
    String name();

    /** The exchange this task's next message belongs to (as initiator). */
    io.vpnd.ike.message.IkeConstants.ExchangeType exchangeType();

    /**
     * How long the task manager retransmits this task's request before giving up, or null for
     * the IKE SA's retransmit policy (a liveness check gives up after the DPD timeout instead).
     */
    default java.time.Duration giveUpAfter() {
        return null;
    }

    /** Why the task failed, as an upper-case reason for logs and status (AUTH_FAILED, …). */
    default String failureReason() {
        return null;
    }
}

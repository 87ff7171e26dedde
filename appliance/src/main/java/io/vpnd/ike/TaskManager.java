package io.vpnd.ike;

import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeHeader;
import io.vpnd.ike.message.IkeMessage;
import io.vpnd.ike.task.IkeTask;
import io.vpnd.ike.task.OutgoingMessage;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Runs the exchanges of one IKE SA (RFC 7296 §2.1-§2.3), as strongSwan's task manager does:
 * <ul>
 *   <li>as initiator, one request in flight at a time (window size 1), message IDs counted up
 *       from 0, retransmits with exponential backoff until the {@link RetransmitPolicy} (or the
 *       task's own deadline) gives up, which fails the IKE SA;</li>
 *   <li>as responder, requests processed strictly in message-ID order; a retransmitted request
 *       is answered from the cached response, anything else out of order is dropped.</li>
 * </ul>
 * Both halves run independently, so a peer's request is answered while ours is outstanding.
 */
public final class TaskManager {
    private static final System.Logger LOG = System.getLogger(TaskManager.class.getName());
    /** Largest IKE message sent unfragmented when the peer supports RFC 7383 fragmentation. */
    static final int FRAGMENT_SIZE = 1200;

    private final IkeSa sa;
    private final RetransmitPolicy policy;
    private final Deque<IkeTask> queued = new ArrayDeque<>();
    private final List<IkeTask> active = new ArrayList<>();

    // initiator half
    private long nextRequestId;
    private InFlight inFlight;

    // responder half
    private long expectedRequestId;
    private long lastResponseId = -1;
    private List<byte[]> lastResponse;

    /** The request we are waiting an answer for. */
    private static final class InFlight {
        final long messageId;
        final ExchangeType type;
        final List<IkeTask> tasks;
        final List<byte[]> packets;
        final long sentNanos;
        final Duration giveUpAfter;
        int transmissions = 1;
        long firstSentNanos;
        IkeScheduler.Timer timer;

        InFlight(long messageId, ExchangeType type, List<IkeTask> tasks, List<byte[]> packets, long sentNanos,
                 Duration giveUpAfter) {
            this.messageId = messageId;
            this.type = type;
            this.tasks = tasks;
            this.packets = packets;
            this.sentNanos = sentNanos;
            this.firstSentNanos = sentNanos;
            this.giveUpAfter = giveUpAfter;
        }
    }

    TaskManager(IkeSa sa, RetransmitPolicy policy) {
        this.sa = sa;
        this.policy = policy;
    }

    /** Queues a task to initiate; call {@link #initiate} to start it if nothing is in flight. */
    public void queue(IkeTask task) {
        queued.add(task);
    }

    /** True when a request of ours awaits its response. */
    public boolean busy() {
        return inFlight != null;
    }

    /** Tasks queued or running, for tests and status. */
    public int pending() {
        return queued.size() + active.size();
    }

    /** Whether a request of ours built by a task of this class awaits its response. */
    public boolean inFlight(Class<? extends IkeTask> type) {
        return inFlight != null && inFlight.tasks.stream().anyMatch(type::isInstance);
    }

    /** Whether a task of this class is queued or active (to avoid queueing a second DPD, say). */
    public boolean has(Class<? extends IkeTask> type) {
        return queued.stream().anyMatch(type::isInstance) || active.stream().anyMatch(type::isInstance);
    }

    /** Starts the next exchange if none is in flight. */
    public void initiate() {
        if (inFlight != null || sa.state() == IkeSaState.DESTROYED) return;
        if (active.isEmpty()) {
            if (queued.isEmpty()) return;
            boolean establishing = sa.state() == IkeSaState.CREATED || sa.state() == IkeSaState.CONNECTING;
            if (establishing) {
                while (!queued.isEmpty()) active.add(queued.poll());
            } else {
                active.add(queued.poll());
            }
        }
        ExchangeType type = active.get(0).exchangeType();
        List<IkeTask> exchange = new ArrayList<>();
        for (IkeTask t : active) if (t.exchangeType() == type) exchange.add(t);
        if (type == ExchangeType.IKE_SA_INIT) {
            sa.moveTo(IkeSaState.CONNECTING);
            // a retried IKE_SA_INIT (INVALID_KE_PAYLOAD, COOKIE) starts over at message ID 0
            nextRequestId = 0;
        }
        OutgoingMessage out = new OutgoingMessage(type, false);
        boolean anythingToSend = false;
        for (IkeTask t : exchange) {
            IkeTask.Status st = t.build(out);
            if (st == IkeTask.Status.FAILED) {
                failed(t, "building " + type + " request");
                return;
            }
            if (st == IkeTask.Status.SUCCESS) active.remove(t);
            else anythingToSend = true;
        }
        if (!anythingToSend) {
            // every task found nothing left to do (e.g. the SA to rekey is gone): no exchange
            initiate();
            return;
        }
        List<byte[]> packets = encode(out, nextRequestId);
        Duration giveUp = exchange.stream().map(IkeTask::giveUpAfter).filter(d -> d != null).findFirst().orElse(null);
        inFlight = new InFlight(nextRequestId, type, exchange, packets, sa.context().scheduler().nanoTime(), giveUp);
        transmit(packets);
        armRetransmit();
    }

    private void armRetransmit() {
        InFlight f = inFlight;
        Duration delay = policy.delay(f.transmissions - 1);
        if (f.giveUpAfter != null) {
            long elapsed = sa.context().scheduler().nanoTime() - f.firstSentNanos;
            Duration left = f.giveUpAfter.minusNanos(elapsed);
            if (left.compareTo(delay) < 0) delay = left.isNegative() ? Duration.ZERO : left;
        }
        f.timer = sa.context().scheduler().schedule(delay, () -> retransmit(f));
    }

    private void retransmit(InFlight f) {
        if (inFlight != f || sa.state() == IkeSaState.DESTROYED) return;
        boolean deadlinePassed = f.giveUpAfter != null
                && sa.context().scheduler().nanoTime() - f.firstSentNanos >= f.giveUpAfter.toNanos();
        if (deadlinePassed || (f.giveUpAfter == null && f.transmissions > policy.tries())) {
            String reason = f.type == ExchangeType.INFORMATIONAL && f.tasks.stream().anyMatch(t -> "DPD".equals(t.name()))
                    ? "DPD_TIMEOUT" : "PEER_UNREACHABLE";
            LOG.log(System.Logger.Level.WARNING, sa + ": no answer to " + f.type + " request " + f.messageId + " after "
                    + f.transmissions + " transmission(s), giving up (" + reason + ")");
            inFlight = null;
            sa.fail(reason);
            sa.context().destroy(sa, reason);
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, sa + ": retransmit " + f.transmissions + " of " + f.type + " request " + f.messageId);
        f.transmissions++;
        transmit(f.packets);
        armRetransmit();
    }

    /** Handles a decoded (and decrypted) message of this SA. {@code raw} is the datagram as received. */
    void receive(IkeMessage message, byte[] raw) {
        if (message.isResponse()) response(message, raw);
        else request(message, raw);
    }

    private void response(IkeMessage message, byte[] raw) {
        InFlight f = inFlight;
        if (f == null || message.messageId() != f.messageId || message.exchangeType() != f.type) {
            LOG.log(System.Logger.Level.DEBUG, sa + ": dropping unexpected response " + message.exchangeType() + " "
                    + message.messageId());
            return;
        }
        if (f.timer != null) f.timer.cancel();
        inFlight = null;
        // the exchange is over whatever its tasks make of it: a DELETE sent on failure needs the next ID
        nextRequestId = f.messageId + 1;
        if (f.type == ExchangeType.IKE_SA_INIT) sa.recordInitMessage(true, raw);
        if (sa.config() != null) {
            sa.context().events().roundTrip(sa.config().name(),
                    Duration.ofNanos(sa.context().scheduler().nanoTime() - f.sentNanos));
        }
        for (IkeTask t : f.tasks) {
            IkeTask.Status st = t.process(message);
            if (st == IkeTask.Status.FAILED) {
                failed(t, "processing " + f.type + " response");
                return;
            }
            if (st == IkeTask.Status.SUCCESS) active.remove(t);
        }
        initiate();
    }

    private void request(IkeMessage message, byte[] raw) {
        long id = message.messageId();
        if (id == lastResponseId && lastResponse != null) {
            LOG.log(System.Logger.Level.DEBUG, sa + ": retransmitted request " + id + ", resending our response");
            transmit(lastResponse);
            return;
        }
        if (id != expectedRequestId) {
            LOG.log(System.Logger.Level.DEBUG, sa + ": dropping request " + id + ", expected " + expectedRequestId);
            return;
        }
        if (message.exchangeType() == ExchangeType.IKE_SA_INIT) {
            sa.recordInitMessage(false, raw);
            sa.moveTo(IkeSaState.CONNECTING);
        }
        List<IkeTask> tasks = sa.context().responderTasks(sa, message);
        IkeTask failedTask = null;
        for (IkeTask t : tasks) {
            if (t.process(message) == IkeTask.Status.FAILED) {
                failedTask = t;
                break;
            }
        }
        OutgoingMessage out = new OutgoingMessage(message.exchangeType(), true);
        for (IkeTask t : tasks) {
            IkeTask.Status st = t.build(out);
            if (st == IkeTask.Status.FAILED && failedTask == null) failedTask = t;
            if (out.isErrorOnly()) break;
        }
        lastResponse = encode(out, id);
        lastResponseId = id;
        expectedRequestId = id + 1;
        transmit(lastResponse);
        if (failedTask != null) {
            String reason = failedTask.failureReason() != null ? failedTask.failureReason() : "FAILED";
            sa.fail(reason);
            sa.context().destroy(sa, reason);
        }
    }

    private void failed(IkeTask task, String during) {
        String reason = task.failureReason() != null ? task.failureReason() : "FAILED";
        LOG.log(System.Logger.Level.DEBUG, sa + ": task " + task.name() + " failed " + during + ": " + reason);
        sa.fail(reason);
        // e.g. the first Child SA failed after IKE_AUTH succeeded: the peer holds an IKE SA too
        sa.context().deleteAndDestroy(sa, reason);
    }

    private List<byte[]> encode(OutgoingMessage out, long messageId) {
        IkeHeader header = IkeHeader.of(sa.initiatorSpi(), sa.responderSpi(), out.exchangeType(), sa.isInitiator(),
                out.isResponse(), messageId);
        if (out.exchangeType() == ExchangeType.IKE_SA_INIT) {
            byte[] bytes = IkeMessage.unprotected(header, out.payloads()).encode(null);
            if (!out.isResponse()) sa.recordInitMessage(false, bytes);
            else sa.recordInitMessage(true, bytes);
            return List.of(bytes);
        }
        IkeMessage m = IkeMessage.protectedBySk(header, out.payloads());
        if (sa.peerSupportsFragmentation()) return m.encodeFragments(sa.outboundCipher(), FRAGMENT_SIZE);
        return List.of(m.encode(sa.outboundCipher()));
    }

    private void transmit(List<byte[]> packets) {
        for (byte[] p : packets) sa.context().network().send(sa.remote(), p, sa.natT());
    }

    /**
     * Sends {@code task}'s request once, without waiting for or retransmitting it: a last DELETE
     * when the daemon or the tunnel is going away and nothing will listen for the answer.
     */
    void sendOnce(IkeTask task) {
        if (!sa.hasKeys()) return;
        OutgoingMessage out = new OutgoingMessage(task.exchangeType(), false);
        task.build(out);
        long id = inFlight != null ? inFlight.messageId + 1 : nextRequestId;
        transmit(encode(out, id));
    }

    /** Cancels everything: the SA is going away. */
    void abort() {
        if (inFlight != null && inFlight.timer != null) inFlight.timer.cancel();
        inFlight = null;
        queued.clear();
        active.clear();
    }
}

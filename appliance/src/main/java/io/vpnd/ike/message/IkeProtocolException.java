package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;

/**
 * An IKEv2 protocol error (RFC 7296 §2.21), carrying the error notify type and notification data
 * that a reply would contain. The subclasses name the RFC 7296 §3.10.1 error types.
 *
 * <p>Who may be answered: a node replies with {@link #toNotifyPayload()} only when the offending
 * message was authenticated, that is when the error was found after its SK payload verified (in
 * an IKE_AUTH, CREATE_CHILD_SA or INFORMATIONAL request). Errors found in unauthenticated input —
 * anything thrown by {@link IkeHeader#decode}, by {@link IkeMessage#decodeUnprotected} for an
 * encrypted exchange, or an integrity failure — mean the datagram is dropped silently and counted,
 * so that forged garbage cannot make us talk or tear down state. The one exception is the
 * IKE_SA_INIT responder, which RFC 7296 §2.21.1 lets answer an IKE_SA_INIT request in the clear
 * with INVALID_MAJOR_VERSION, INVALID_KE_PAYLOAD, NO_PROPOSAL_CHOSEN or COOKIE. Responses are
 * never answered with an error (RFC 7296 §2.21.2).
 *
 * <p>Stack traces are not filled in: these are expected outcomes of hostile input, and building
 * a trace per forged datagram would be wasted work.
 */
public abstract class IkeProtocolException extends Exception {
    private final NotifyType notifyType;
    private final byte[] notificationData;

    protected IkeProtocolException(NotifyType notifyType, byte[] notificationData, String message) {
        super(message, null, false, false);
        if (!notifyType.isError()) throw new IllegalArgumentException(notifyType + " is not an error type");
        this.notifyType = notifyType;
        this.notificationData = notificationData.clone();
    }

    /** The error notify type a reply would carry. */
    public NotifyType notifyType() { return notifyType; }

    /** The Notification Data a reply would carry (may be empty). */
    public byte[] notificationData() { return notificationData.clone(); }

    /**
     * The Notify payload that reports this error, for a reply to an authenticated request. It
     * concerns the IKE SA (protocol ID 0, no SPI) unless a subclass says otherwise.
     */
    public NotifyPayload toNotifyPayload() {
        return NotifyPayload.of(notifyType, notificationData);
    }
}

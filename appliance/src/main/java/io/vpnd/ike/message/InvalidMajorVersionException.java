package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;

/**
 * INVALID_MAJOR_VERSION (RFC 7296 §2.5): the header's major version is not 2. The message is
 * dropped; a request with a higher major version may be answered, unauthenticated and rate-limited,
 * with this notify in a header that copies the SPIs, exchange type and message ID (kept here, as
 * no {@link IkeHeader} can be built) and carries version 2. IKEv1 (version 1) is dropped silently.
 */
public final class InvalidMajorVersionException extends IkeProtocolException {
    private final int receivedMajorVersion;
    private final long initiatorSpi;
    private final long responderSpi;
    private final int exchangeTypeId;
    private final boolean responseFlag;
    private final long messageId;

    public InvalidMajorVersionException(int receivedMajorVersion, long initiatorSpi, long responderSpi,
                                        int exchangeTypeId, boolean responseFlag, long messageId) {
        super(NotifyType.INVALID_MAJOR_VERSION, new byte[0],
                "IKE major version " + receivedMajorVersion + " (only 2 is supported)");
        this.receivedMajorVersion = receivedMajorVersion;
        this.initiatorSpi = initiatorSpi;
        this.responderSpi = responderSpi;
        this.exchangeTypeId = exchangeTypeId;
        this.responseFlag = responseFlag;
        this.messageId = messageId;
    }

    public int receivedMajorVersion() { return receivedMajorVersion; }

    public long initiatorSpi() { return initiatorSpi; }

    public long responderSpi() { return responderSpi; }

    /** The Exchange Type octet as received (may be unknown to IKEv2). */
    public int exchangeTypeId() { return exchangeTypeId; }

    /** True when the offending message was itself a response (never answer it). */
    public boolean responseFlag() { return responseFlag; }

    public long messageId() { return messageId; }
}

package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.PayloadType;

/**
 * A payload of a type vpnd does not understand and whose Critical bit was clear, so it is skipped
 * (RFC 7296 §2.5). Kept with its body and bit so that a message can be logged and re-encoded as
 * received; the payload rules ignore it. A critical one never gets here: decoding fails with
 * {@link UnsupportedCriticalPayloadException}.
 */
public final class UnknownPayload extends IkePayload {
    private final int typeId;
    private final boolean critical;
    private final byte[] body;

    public UnknownPayload(int typeId, boolean critical, byte[] body) {
        if (typeId < 1 || typeId > 0xff) throw new IllegalArgumentException("payload type " + typeId);
        this.typeId = typeId;
        this.critical = critical;
        this.body = body.clone();
    }

    @Override
    public int typeId() { return typeId; }

    @Override
    boolean critical() { return critical; }

    /** The Critical bit as received. */
    public boolean isCritical() { return critical; }

    @Override
    public byte[] encodeBody() { return body.clone(); }

    @Override
    public String toString() { return PayloadType.nameOf(typeId) + "(unknown, " + body.length + " octets)"; }
}

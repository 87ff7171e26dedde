package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.PayloadType;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One IKEv2 payload. Every payload starts with the generic payload header (RFC 7296 §3.2), which
 * {@link #encode(int)} writes; the payload classes decode and encode only what follows it, with a
 * static {@code decodeBody(byte[])} and {@link #encodeBody()} that are exact inverses for
 * well-formed input (reserved fields are sent as zero and ignored on receipt).
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The Critical bit is sent as zero for every payload vpnd understands (RFC 7296 §3.2: "MUST be
 * set to zero for payload types defined in this document") and ignored on receipt for them; only
 * {@link UnknownPayload} keeps the bit it was received with. Two payloads are equal when they have
 * the same type and the same encoding.
 */
public abstract sealed class IkePayload
        permits SaPayload, KePayload, IdPayload, CertPayload, CertReqPayload, AuthPayload, NoncePayload,
        NotifyPayload, DeletePayload, VendorIdPayload, TsPayload, EncryptedPayload, ConfigPayload,
        EapPayload, EncryptedFragmentPayload, UnknownPayload {

    /** Largest body that fits the 16-bit Payload Length. */
    static final int MAX_BODY_LENGTH = 0xffff - IkeConstants.GENERIC_PAYLOAD_HEADER_LENGTH;

    IkePayload() {}

    /** The payload type number (see {@link PayloadType}). */
    public abstract int typeId();

    /** The payload after its generic header. */
    public abstract byte[] encodeBody();

    /** The Critical bit this payload is sent with. */
    boolean critical() {
        return false;
    }

    /**
     * The whole payload: generic header (with {@code nextPayloadType} and the length) and body.
     *
     * @throws IllegalStateException when the body does not fit the 16-bit length
     */
    public final byte[] encode(int nextPayloadType) {
        byte[] body = encodeBody();
        if (body.length > MAX_BODY_LENGTH) {
            throw new IllegalStateException(PayloadType.nameOf(typeId()) + " body of " + body.length + " octets is too long");
        }
        ByteWriter w = new ByteWriter(body.length + IkeConstants.GENERIC_PAYLOAD_HEADER_LENGTH);
        w.u8(nextPayloadType).u8(critical() ? 0x80 : 0).u16(body.length + IkeConstants.GENERIC_PAYLOAD_HEADER_LENGTH);
        w.bytes(body);
        return w.toByteArray();
    }

    /** Octets of the whole payload, generic header included. */
    public int encodedLength() {
        return encodeBody().length + IkeConstants.GENERIC_PAYLOAD_HEADER_LENGTH;
    }

    @Override
    public final boolean equals(Object o) {
        return o instanceof IkePayload p && p.getClass() == getClass() && p.typeId() == typeId()
                && p.critical() == critical() && Arrays.equals(p.encodeBody(), encodeBody());
    }

    @Override
    public final int hashCode() {
        return typeId() * 31 + Arrays.hashCode(encodeBody());
    }

    /** Short hex for toString(); payloads that carry secrets do not call it on them. */
    static String hex(byte[] b, int maxOctets) {
        String h = HexFormat.of().formatHex(b, 0, Math.min(b.length, maxOctets));
        return b.length > maxOctets ? h + "..(" + b.length + ")" : h;
    }
}

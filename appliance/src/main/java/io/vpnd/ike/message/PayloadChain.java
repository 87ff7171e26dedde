package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.PayloadType;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes and encodes a chain of payloads linked by their Next Payload fields (RFC 7296 §3.2).
 * Decoding is strict: every Payload Length must be at least 4 and fit what is left, and the chain
 * must end exactly where its enclosing data ends.
 */
final class PayloadChain {
    private PayloadChain() {}

    /** Where a chain sits, which decides whether SK and SKF may appear in it. */
    enum Context {
        /** The cleartext part of a message: SK or SKF may appear, as the last payload. */
        CLEARTEXT,
        /** Inside SK: no further SK or SKF (RFC 7296 §3.14). */
        INNER
    }

    /**
     * A decoded chain.
     *
     * @param payloads        the payloads, without a trailing SK/SKF
     * @param sealed          the trailing SK or SKF payload, or null
     * @param sealedOffset    offset in the buffer of the sealed payload's generic header, or -1
     */
    record Decoded(List<IkePayload> payloads, IkePayload sealed, int sealedOffset) {}

    static Decoded decode(byte[] buf, int offset, int length, int firstType, Context context) throws IkeProtocolException {
        ByteReader r = new ByteReader(buf, offset, length);
        List<IkePayload> payloads = new ArrayList<>();
        int type = firstType;
        while (type != PayloadType.NO_NEXT_PAYLOAD.id()) {
            int start = r.position();
            int next = r.u8("next payload of " + PayloadType.nameOf(type));
            boolean critical = (r.u8("critical bit") & 0x80) != 0;
            int payloadLength = r.u16("payload length of " + PayloadType.nameOf(type));
            if (payloadLength < IkeConstants.GENERIC_PAYLOAD_HEADER_LENGTH) {
                throw new InvalidSyntaxException(PayloadType.nameOf(type) + " payload length " + payloadLength);
            }
            int bodyLength = payloadLength - IkeConstants.GENERIC_PAYLOAD_HEADER_LENGTH;
            if (bodyLength > r.remaining()) {
                throw new InvalidSyntaxException(PayloadType.nameOf(type) + " payload length " + payloadLength
                        + " exceeds the " + (r.remaining() + IkeConstants.GENERIC_PAYLOAD_HEADER_LENGTH) + " octets left");
            }
            byte[] body = r.bytes(bodyLength, "payload body");
            if (type == PayloadType.SK.id() || type == PayloadType.SKF.id()) {
                if (context == Context.INNER) {
                    throw new InvalidSyntaxException(PayloadType.nameOf(type) + " payload inside an encrypted payload");
                }
                if (r.hasRemaining()) {
                    throw new InvalidSyntaxException(PayloadType.nameOf(type) + " payload is not the last payload");
                }
                IkePayload sealed = type == PayloadType.SK.id()
                        ? EncryptedPayload.decodeBody(next, body)
                        : EncryptedFragmentPayload.decodeBody(next, body);
                return new Decoded(payloads, sealed, start);
            }
            payloads.add(decodePayload(type, critical, body));
            type = next;
        }
        if (r.hasRemaining()) {
            throw new InvalidSyntaxException(r.remaining() + " octets after the last payload");
        }
        return new Decoded(payloads, null, -1);
    }

    /** Decodes one payload body by its type (not SK/SKF, which need their Next Payload field). */
    static IkePayload decodePayload(int type, boolean critical, byte[] body) throws IkeProtocolException {
        PayloadType known = PayloadType.byId(type);
        if (known != null) {
            switch (known) {
                case SA: return SaPayload.decodeBody(body);
                case KE: return KePayload.decodeBody(body);
                case IDi: return IdPayload.decodeBody(true, body);
                case IDr: return IdPayload.decodeBody(false, body);
                case CERT: return CertPayload.decodeBody(body);
                case CERTREQ: return CertReqPayload.decodeBody(body);
                case AUTH: return AuthPayload.decodeBody(body);
                case NONCE: return NoncePayload.decodeBody(body);
                case N: return NotifyPayload.decodeBody(body);
                case D: return DeletePayload.decodeBody(body);
                case V: return VendorIdPayload.decodeBody(body);
                case TSi: return TsPayload.decodeBody(true, body);
                case TSr: return TsPayload.decodeBody(false, body);
                case CP: return ConfigPayload.decodeBody(body);
                case EAP: return EapPayload.decodeBody(body);
                default: break; // GSPM, IDg, GSA, KD: vpnd does not understand them
            }
        }
        if (type == PayloadType.NO_NEXT_PAYLOAD.id()) throw new IllegalArgumentException("type 0 is not a payload");
        if (critical) throw new UnsupportedCriticalPayloadException(type);
        return new UnknownPayload(type, false, body);
    }

    /** The type of the first payload of a chain, or {@code ifEmpty}. */
    static int firstType(List<IkePayload> payloads, int ifEmpty) {
        return payloads.isEmpty() ? ifEmpty : payloads.get(0).typeId();
    }

    /** Writes the payloads, each pointing at the next; the last one points at {@code lastNext}. */
    static void encode(ByteWriter w, List<IkePayload> payloads, int lastNext) {
        for (int i = 0; i < payloads.size(); i++) {
            int next = i + 1 < payloads.size() ? payloads.get(i + 1).typeId() : lastNext;
            w.bytes(payloads.get(i).encode(next));
        }
    }

    static byte[] encode(List<IkePayload> payloads) {
        ByteWriter w = new ByteWriter(256);
        encode(w, payloads, PayloadType.NO_NEXT_PAYLOAD.id());
        return w.toByteArray();
    }
}

package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.PayloadType;

/**
 * Extensible Authentication payload, EAP (RFC 7296 §3.16). The EAP message (RFC 3748) is kept
 * opaque here; the EAP method implementation parses it.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                       EAP Message                             ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class EapPayload extends IkePayload {
    private final byte[] eapMessage;

    public EapPayload(byte[] eapMessage) {
        this.eapMessage = eapMessage.clone();
    }

    public static EapPayload decodeBody(byte[] body) {
        return new EapPayload(body);
    }

    public byte[] eapMessage() { return eapMessage.clone(); }

    @Override
    public int typeId() { return PayloadType.EAP.id(); }

    @Override
    public byte[] encodeBody() { return eapMessage.clone(); }

    /** EAP messages can carry credentials: only the length is shown. */
    @Override
    public String toString() { return "EAP(" + eapMessage.length + " octets)"; }
}

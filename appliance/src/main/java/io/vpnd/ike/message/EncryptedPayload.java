package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.PayloadType;

/**
 * Encrypted and Authenticated payload, SK (RFC 7296 §3.14), as received: its Next Payload field
 * names the first payload inside, and the body (IV, ciphertext, ICV) stays opaque until
 * {@link IkeMessage#decrypt} verifies it. It must be the last payload of a message. Messages built
 * for sending never hold one: {@link IkeMessage#encode} creates it.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Initialization Vector                     |
 * |         (length is block size for encryption algorithm)       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                    Encrypted IKE Payloads                     ~
 * +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               |             Padding (0-255 octets)            |
 * +-+-+-+-+-+-+-+-+                               +-+-+-+-+-+-+-+-+
 * |                                               |  Pad Length   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                    Integrity Checksum Data                    ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class EncryptedPayload extends IkePayload {
    private final int firstInnerPayloadType;
    private final byte[] body;

    public EncryptedPayload(int firstInnerPayloadType, byte[] body) {
        if (firstInnerPayloadType < 0 || firstInnerPayloadType > 0xff) {
            throw new IllegalArgumentException("payload type " + firstInnerPayloadType);
        }
        this.firstInnerPayloadType = firstInnerPayloadType;
        this.body = body.clone();
    }

    /** Decodes an SK payload whose generic header's Next Payload was {@code firstInnerPayloadType}. */
    public static EncryptedPayload decodeBody(int firstInnerPayloadType, byte[] body) {
        return new EncryptedPayload(firstInnerPayloadType, body);
    }

    /** The type of the first payload inside (the SK payload's Next Payload field). */
    public int firstInnerPayloadType() { return firstInnerPayloadType; }

    /** IV || ciphertext || ICV. */
    public byte[] body() { return body.clone(); }

    @Override
    public int typeId() { return PayloadType.SK.id(); }

    @Override
    public byte[] encodeBody() { return body.clone(); }

    @Override
    public String toString() {
        return "SK(first " + PayloadType.nameOf(firstInnerPayloadType) + ", " + body.length + " octets)";
    }
}

package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.PayloadType;

/**
 * Encrypted and Authenticated Fragment payload, SKF (RFC 7383 §2.5): one fragment of an SK
 * payload's content, protected on its own. Only fragment 1 names the first inner payload; the
 * others send 0 there (and it is ignored on them). Fragment Number is 1..Total Fragments.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Fragment Number        |        Total Fragments        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Initialization Vector                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                      Encrypted content                        ~
 * +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |               |             Padding (0-255 octets)            |
 * +-+-+-+-+-+-+-+-+                               +-+-+-+-+-+-+-+-+
 * |                                               |  Pad Length   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                    Integrity Checksum Data                    ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The associated data of a fragment runs from the IKE header through Total Fragments.
 */
public final class EncryptedFragmentPayload extends IkePayload {
    private final int firstInnerPayloadType;
    private final int fragmentNumber;
    private final int totalFragments;
    private final byte[] protectedBody;

    public EncryptedFragmentPayload(int firstInnerPayloadType, int fragmentNumber, int totalFragments, byte[] protectedBody) {
        if (firstInnerPayloadType < 0 || firstInnerPayloadType > 0xff) {
            throw new IllegalArgumentException("payload type " + firstInnerPayloadType);
        }
        if (!validNumbers(fragmentNumber, totalFragments)) {
            throw new IllegalArgumentException("fragment " + fragmentNumber + " of " + totalFragments);
        }
        this.firstInnerPayloadType = firstInnerPayloadType;
        this.fragmentNumber = fragmentNumber;
        this.totalFragments = totalFragments;
        this.protectedBody = protectedBody.clone();
    }

    private static boolean validNumbers(int number, int total) {
        return number >= 1 && total >= 1 && number <= total && total <= 0xffff;
    }

    /** Decodes an SKF payload whose generic header's Next Payload was {@code nextPayloadField}. */
    public static EncryptedFragmentPayload decodeBody(int nextPayloadField, byte[] body) throws InvalidSyntaxException {
        ByteReader r = new ByteReader(body);
        int number = r.u16("fragment number");
        int total = r.u16("total fragments");
        if (!validNumbers(number, total)) throw new InvalidSyntaxException("fragment " + number + " of " + total);
        return new EncryptedFragmentPayload(nextPayloadField, number, total, r.rest());
    }

    /** The first inner payload type (meaningful in fragment 1 only). */
    public int firstInnerPayloadType() { return firstInnerPayloadType; }

    public int fragmentNumber() { return fragmentNumber; }

    public int totalFragments() { return totalFragments; }

    /** IV || ciphertext || ICV. */
    public byte[] protectedBody() { return protectedBody.clone(); }

    @Override
    public int typeId() { return PayloadType.SKF.id(); }

    @Override
    public byte[] encodeBody() {
        return new ByteWriter(4 + protectedBody.length).u16(fragmentNumber).u16(totalFragments)
                .bytes(protectedBody).toByteArray();
    }

    @Override
    public String toString() {
        return "SKF(" + fragmentNumber + "/" + totalFragments + ", " + protectedBody.length + " octets)";
    }
}

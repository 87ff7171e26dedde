package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.TransformAttributeType;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A Transform Attribute (RFC 7296 §3.3.5), in TV format (AF = 1, a two-octet value) or TLV format
 * (AF = 0, a length and a variable value). IKEv2 defines only Key Length (14), which is TV.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |A|       Attribute Type        |    AF=0  Attribute Length     |
 * |F|                             |    AF=1  Attribute Value      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   AF=0  Attribute Value                       |
 * |                   AF=1  Not Transmitted                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param type     Attribute Type (15 bits)
 * @param tvFormat true for TV (AF = 1), whose value is exactly two octets
 * @param value    the value octets
 */
public record TransformAttribute(int type, boolean tvFormat, byte[] value) {
    private static final int AF_BIT = 0x8000;

    public TransformAttribute {
        if (type < 0 || type > 0x7fff) throw new IllegalArgumentException("attribute type " + type);
        if (tvFormat && value.length != 2) throw new IllegalArgumentException("TV attribute value of " + value.length + " octets");
        if (value.length > 0xffff) throw new IllegalArgumentException("attribute of " + value.length + " octets");
        value = value.clone();
    }

    /** The Key Length attribute, in bits. */
    public static TransformAttribute keyLength(int bits) {
        return new TransformAttribute(TransformAttributeType.KEY_LENGTH.id(), true, new byte[] {(byte) (bits >>> 8), (byte) bits});
    }

    @Override
    public byte[] value() { return value.clone(); }

    /** The value of a TV attribute as a number. */
    public int tvValue() {
        if (!tvFormat) throw new IllegalStateException("TLV attribute");
        return ((value[0] & 0xff) << 8) | (value[1] & 0xff);
    }

    /** True for a Key Length attribute in the TV format the RFC requires. */
    public boolean isKeyLength() {
        return tvFormat && type == TransformAttributeType.KEY_LENGTH.id();
    }

    static TransformAttribute decode(ByteReader r) throws InvalidSyntaxException {
        int word = r.u16("attribute type");
        int type = word & 0x7fff;
        if ((word & AF_BIT) != 0) return new TransformAttribute(type, true, r.bytes(2, "attribute value"));
        int length = r.u16("attribute length");
        return new TransformAttribute(type, false, r.bytes(length, "attribute value"));
    }

    void encode(ByteWriter w) {
        if (tvFormat) {
            w.u16(AF_BIT | type).bytes(value);
        } else {
            w.u16(type).u16(value.length).bytes(value);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransformAttribute a && a.type == type && a.tvFormat == tvFormat && Arrays.equals(a.value, value);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(value) + (tvFormat ? 1 : 0);
    }

    @Override
    public String toString() {
        if (isKeyLength()) return "KEY_LENGTH=" + tvValue();
        return "attr " + type + "=" + (tvFormat ? String.valueOf(tvValue()) : HexFormat.of().formatHex(value));
    }
}

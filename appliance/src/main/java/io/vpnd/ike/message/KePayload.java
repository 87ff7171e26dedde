package io.vpnd.ike.message;

import io.vpnd.crypto.KeyExchangeGroup;
import io.vpnd.ike.message.IkeConstants.PayloadType;

/**
 * Key Exchange payload, KEi/KEr (RFC 7296 §3.4). The group number is kept raw: a group vpnd does
 * not implement is answered with INVALID_KE_PAYLOAD by negotiation, not rejected here. Whether the
 * public value has the group's length is checked by the key exchange, which answers INVALID_SYNTAX.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Diffie-Hellman Group Num    |           RESERVED            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                       Key Exchange Data                       ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class KePayload extends IkePayload {
    private final int groupId;
    private final byte[] keyExchangeData;

    public KePayload(int groupId, byte[] keyExchangeData) {
        if (groupId < 0 || groupId > 0xffff) throw new IllegalArgumentException("group " + groupId);
        this.groupId = groupId;
        this.keyExchangeData = keyExchangeData.clone();
    }

    public KePayload(KeyExchangeGroup group, byte[] keyExchangeData) {
        this(group.id(), keyExchangeData);
    }

    public static KePayload decodeBody(byte[] body) throws InvalidSyntaxException {
        ByteReader r = new ByteReader(body);
        int group = r.u16("KE group");
        r.skip(2, "KE reserved");
        if (!r.hasRemaining()) throw new InvalidSyntaxException("KE payload without key exchange data");
        return new KePayload(group, r.rest());
    }

    /** The Diffie-Hellman Group Num as received. */
    public int groupId() { return groupId; }

    /** The group, or null when vpnd does not implement it. */
    public KeyExchangeGroup group() { return KeyExchangeGroup.byId(groupId); }

    public byte[] keyExchangeData() { return keyExchangeData.clone(); }

    @Override
    public int typeId() { return PayloadType.KE.id(); }

    @Override
    public byte[] encodeBody() {
        return new ByteWriter(4 + keyExchangeData.length).u16(groupId).u16(0).bytes(keyExchangeData).toByteArray();
    }

    @Override
    public String toString() {
        KeyExchangeGroup g = group();
        return "KE(" + (g == null ? "group " + groupId : g) + ", " + keyExchangeData.length + " octets)";
    }
}

package io.vpnd.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

import static io.vpnd.netlink.NetlinkConstants.NLA_HDRLEN;
import static io.vpnd.netlink.NetlinkConstants.NLA_TYPE_MASK;

/**
 * The attributes ({@code struct nlattr}: u16 length, u16 type, value, padding to 4) of one
 * message, by type. Values are views into the received datagram. A truncated trailing attribute
 * ends the walk rather than failing, as the kernel's own {@code nla_for_each_attr} does.
 */
final class NetlinkAttributes {
    private final Map<Integer, ByteBuffer> byType = new HashMap<>();

    private NetlinkAttributes() {
    }

    /** Parses attributes from {@code offset} to the end of {@code body}. */
    static NetlinkAttributes parse(ByteBuffer body, int offset) {
        NetlinkAttributes attrs = new NetlinkAttributes();
        int end = body.remaining();
        int off = offset;
        while (end - off >= NLA_HDRLEN) {
            int len = body.getShort(off) & 0xffff;
            int type = body.getShort(off + 2) & NLA_TYPE_MASK;
            if (len < NLA_HDRLEN || len > end - off) {
                break;
            }
            ByteBuffer value = body.duplicate();
            value.limit(off + len).position(off + NLA_HDRLEN);
            attrs.byType.put(type, value.slice().order(ByteOrder.nativeOrder()));
            off += NetlinkMessageBuilder.align(len);
        }
        return attrs;
    }

    /** The value of attribute {@code type}, or null. */
    ByteBuffer get(int type) {
        ByteBuffer v = byType.get(type);
        return v == null ? null : v.duplicate().order(ByteOrder.nativeOrder());
    }

    boolean has(int type) {
        return byType.containsKey(type);
    }

    /** A host-order u32 attribute, or {@code absent}. */
    int u32(int type, int absent) {
        ByteBuffer v = byType.get(type);
        return v == null || v.remaining() < 4 ? absent : v.getInt(0);
    }

    /** A u8 attribute, or {@code absent}. */
    int u8(int type, int absent) {
        ByteBuffer v = byType.get(type);
        return v == null || v.remaining() < 1 ? absent : v.get(0) & 0xff;
    }

    /** The raw octets of an attribute, or null. */
    byte[] bytes(int type) {
        ByteBuffer v = get(type);
        if (v == null) {
            return null;
        }
        byte[] out = new byte[v.remaining()];
        v.get(out);
        return out;
    }

    /** A NUL-terminated string attribute, or null. */
    String string(int type) {
        ByteBuffer v = get(type);
        return v == null ? null : NetlinkMessage.asCString(v);
    }
}

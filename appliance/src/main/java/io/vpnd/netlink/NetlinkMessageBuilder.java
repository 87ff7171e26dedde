package io.vpnd.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.vpnd.netlink.NetlinkConstants.IFADDRMSG_LEN;
import static io.vpnd.netlink.NetlinkConstants.IFINFOMSG_LEN;
import static io.vpnd.netlink.NetlinkConstants.NLA_HDRLEN;
import static io.vpnd.netlink.NetlinkConstants.NLMSG_HDRLEN;
import static io.vpnd.netlink.NetlinkConstants.RTMSG_LEN;

/**
 * Builds one netlink request: the 16-octet {@code nlmsghdr}, one fixed family header
 * ({@code ifinfomsg}, {@code ifaddrmsg} or {@code rtmsg}) and attributes. Netlink is in host byte
 * order; every attribute starts on a 4-octet boundary (NLA_ALIGN), its length field excluding
 * the padding.
 *
 * <pre>
 *  0               4       6       8              12              16
 *  +---------------+-------+-------+---------------+---------------+
 *  | nlmsg_len     | type  | flags | nlmsg_seq     | nlmsg_pid     |
 *  +---------------+-------+-------+---------------+---------------+
 *  | fixed header (padded to 4)  | nla_len|nla_type| value ... pad | ...
 * </pre>
 */
final class NetlinkMessageBuilder {
    private final int type;
    private final int flags;
    private ByteBuffer buf = ByteBuffer.allocate(128).order(ByteOrder.nativeOrder());

    NetlinkMessageBuilder(int type, int flags) {
        this.type = type;
        this.flags = flags;
        buf.position(NLMSG_HDRLEN);
    }

    /** Rounds up to the 4-octet netlink alignment (NLMSG_ALIGN / NLA_ALIGN). */
    static int align(int len) {
        return (len + 3) & ~3;
    }

    /** {@code struct ifinfomsg}: family, pad, type, index, flags, change. */
    NetlinkMessageBuilder ifinfomsg(int family, int deviceType, int index, int ifFlags, int change) {
        ensure(IFINFOMSG_LEN);
        buf.put((byte) family).put((byte) 0).putShort((short) deviceType)
                .putInt(index).putInt(ifFlags).putInt(change);
        return this;
    }

    /** {@code struct ifaddrmsg}: family, prefixlen, flags (low 8 bits), scope, index. */
    NetlinkMessageBuilder ifaddrmsg(int family, int prefixLength, int addrFlags, int scope, int index) {
        ensure(IFADDRMSG_LEN);
        buf.put((byte) family).put((byte) prefixLength).put((byte) addrFlags).put((byte) scope).putInt(index);
        return this;
    }

    /** {@code struct rtmsg}: family, dst_len, src_len, tos, table, protocol, scope, type, flags. */
    NetlinkMessageBuilder rtmsg(int family, int dstLength, int srcLength, int tos, int table,
                                int protocol, int scope, int routeType, int rtFlags) {
        ensure(RTMSG_LEN);
        buf.put((byte) family).put((byte) dstLength).put((byte) srcLength).put((byte) tos)
                .put((byte) table).put((byte) protocol).put((byte) scope).put((byte) routeType)
                .putInt(rtFlags);
        return this;
    }

    /** An attribute with raw octets (addresses go in network order, as the kernel expects). */
    NetlinkMessageBuilder attr(int attrType, byte[] value) {
        int len = NLA_HDRLEN + value.length;
        ensure(align(len));
        buf.putShort((short) len).putShort((short) attrType).put(value);
        pad();
        return this;
    }

    /** A host-order u32 attribute. */
    NetlinkMessageBuilder attrU32(int attrType, int value) {
        ensure(NLA_HDRLEN + 4);
        buf.putShort((short) (NLA_HDRLEN + 4)).putShort((short) attrType).putInt(value);
        return this;
    }

    /** A NUL-terminated string attribute (NLA_NUL_STRING), e.g. IFLA_IFNAME. */
    NetlinkMessageBuilder attrString(int attrType, String value) {
        byte[] s = value.getBytes(StandardCharsets.US_ASCII);
        return attr(attrType, Arrays.copyOf(s, s.length + 1));
    }

    /** The finished message with its header filled in; the kernel assigns nlmsg_pid 0 to itself. */
    byte[] build(int seq) {
        int len = buf.position();
        buf.putInt(0, len).putShort(4, (short) type).putShort(6, (short) flags)
                .putInt(8, seq).putInt(12, 0);
        return Arrays.copyOf(buf.array(), len);
    }

    private void pad() {
        while ((buf.position() & 3) != 0) {
            buf.put((byte) 0);
        }
    }

    private void ensure(int more) {
        if (buf.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more))
                    .order(ByteOrder.nativeOrder());
            bigger.put(buf.array(), 0, buf.position());
            buf = bigger;
        }
    }
}

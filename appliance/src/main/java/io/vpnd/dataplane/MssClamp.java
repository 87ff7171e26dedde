package io.vpnd.dataplane;

import io.netty.buffer.ByteBuf;
import io.vpnd.net.IpPacket;

/**
 * TCP MSS clamping (as AWS asks of customer gateways, RFC 4459 §3.2): the MSS option of a TCP
 * SYN crossing the tunnel is lowered so that the connection's segments fit the tunnel without
 * fragmentation, and the TCP checksum is patched incrementally (RFC 1624). Cheap for every packet
 * that is not a TCP SYN (a few byte reads); never throws: anything malformed is left alone.
 */
final class MssClamp {
    private static final int TCP_FLAG_SYN = 0x02;
    private static final int OPTION_EOL = 0;
    private static final int OPTION_NOP = 1;
    private static final int OPTION_MSS = 2;

    private MssClamp() {
    }

    /**
     * Clamps the MSS of the IPv4/IPv6 TCP SYN (or SYN-ACK) in {@code buf}'s readable bytes.
     *
     * @param maxIpv4 MSS ceiling for IPv4, 0 for no clamping
     * @param maxIpv6 MSS ceiling for IPv6, 0 for no clamping
     * @return true when the packet was changed
     */
    static boolean clamp(ByteBuf buf, int maxIpv4, int maxIpv6) {
        int base = buf.readerIndex();
        int len = buf.readableBytes();
        if (len < 1) return false;
        int version = (buf.getByte(base) & 0xff) >>> 4;
        int tcp;
        int max;
        if (version == 4) {
            if (maxIpv4 <= 0 || len < IpPacket.IPV4_MIN_HEADER || (buf.getByte(base + 9) & 0xff) != IpPacket.PROTO_TCP) return false;
            if ((buf.getUnsignedShort(base + 6) & 0x1fff) != 0) return false; // a later fragment has no TCP header
            tcp = (buf.getByte(base) & 0x0f) * 4;
            max = maxIpv4;
        } else if (version == 6) {
            if (maxIpv6 <= 0 || len < IpPacket.IPV6_HEADER || (buf.getByte(base + 6) & 0xff) != IpPacket.PROTO_TCP) return false;
            tcp = IpPacket.IPV6_HEADER;
            max = maxIpv6;
        } else {
            return false;
        }
        if (tcp + 20 > len || (buf.getByte(base + tcp + 13) & TCP_FLAG_SYN) == 0) return false;
        int headerLen = ((buf.getByte(base + tcp + 12) & 0xff) >>> 4) * 4;
        if (headerLen < 20 || tcp + headerLen > len) return false;
        int at = tcp + 20;
        int end = tcp + headerLen;
        while (at < end) {
            int kind = buf.getByte(base + at) & 0xff;
            if (kind == OPTION_EOL) return false;
            if (kind == OPTION_NOP) {
                at++;
                continue;
            }
            if (at + 1 >= end) return false;
            int optLen = buf.getByte(base + at + 1) & 0xff;
            if (optLen < 2 || at + optLen > end) return false;
            if (kind == OPTION_MSS && optLen == 4) {
                int mss = buf.getUnsignedShort(base + at + 2);
                if (mss <= max) return false;
                buf.setShort(base + at + 2, max);
                patchChecksum(buf, base + tcp + 16, mss, max);
                return true;
            }
            at += optLen;
        }
        return false;
    }

    /** RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), for one 16-bit word changed from m to m'. */
    private static void patchChecksum(ByteBuf buf, int at, int oldWord, int newWord) {
        int sum = (~buf.getUnsignedShort(at) & 0xffff) + (~oldWord & 0xffff) + newWord;
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        buf.setShort(at, ~sum & 0xffff);
    }
}

package io.vpnd.tun;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Hand-built ICMP echo requests (IPv4, RFC 792) and ICMPv6 echo requests (RFC 4443), and checks
 * of the kernel's replies. Checksums are the Internet checksum (RFC 1071); ICMPv6's covers the
 * IPv6 pseudo-header (RFC 8200 §8.1).
 */
final class IcmpPackets {
    static final int ICMP_ECHO_REPLY = 0;
    static final int ICMP_ECHO_REQUEST = 8;
    static final int ICMPV6_ECHO_REQUEST = 128;
    static final int ICMPV6_ECHO_REPLY = 129;
    private static final int PROTO_ICMP = 1;
    private static final int PROTO_ICMPV6 = 58;

    private IcmpPackets() {
    }

    /** RFC 1071: one's complement of the one's complement sum of 16-bit words, seeded with {@code initial}. */
    static int checksum(byte[] b, int off, int len, long initial) {
        long sum = initial;
        int i = off;
        for (; len - (i - off) >= 2; i += 2) {
            sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        }
        if (len - (i - off) == 1) {
            sum += (b[i] & 0xff) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** The sum of the IPv6 pseudo-header (source, destination, upper-layer length, next header), unfolded. */
    static long pseudoHeaderSum6(byte[] src, byte[] dst, int upperLength, int nextHeader) {
        long sum = 0;
        for (int i = 0; i < 16; i += 2) {
            sum += ((src[i] & 0xff) << 8) | (src[i + 1] & 0xff);
            sum += ((dst[i] & 0xff) << 8) | (dst[i + 1] & 0xff);
        }
        sum += upperLength >>> 16;
        sum += upperLength & 0xffff;
        sum += nextHeader;
        return sum;
    }

    static byte[] payload(int seq, int size) {
        byte[] p = new byte[size];
        for (int i = 0; i < size; i++) {
            p[i] = (byte) (seq * 31 + i);
        }
        return p;
    }

    /** IPv4 + ICMP echo request, DF set, TTL 64. */
    static byte[] echoRequest4(Inet4Address src, Inet4Address dst, int id, int seq, byte[] data) {
        int icmpLen = 8 + data.length;
        ByteBuffer b = ByteBuffer.allocate(20 + icmpLen);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + icmpLen))
                .putShort((short) seq).putShort((short) 0x4000)
                .put((byte) 64).put((byte) PROTO_ICMP).putShort((short) 0)
                .put(src.getAddress()).put(dst.getAddress());
        b.put((byte) ICMP_ECHO_REQUEST).put((byte) 0).putShort((short) 0)
                .putShort((short) id).putShort((short) seq).put(data);
        byte[] p = b.array();
        ByteBuffer.wrap(p).putShort(10, (short) checksum(p, 0, 20, 0));
        ByteBuffer.wrap(p).putShort(22, (short) checksum(p, 20, icmpLen, 0));
        return p;
    }

    /** IPv6 + ICMPv6 echo request, hop limit 64. */
    static byte[] echoRequest6(Inet6Address src, Inet6Address dst, int id, int seq, byte[] data) {
        int icmpLen = 8 + data.length;
        ByteBuffer b = ByteBuffer.allocate(40 + icmpLen);
        b.putInt(0x60000000).putShort((short) icmpLen).put((byte) PROTO_ICMPV6).put((byte) 64)
                .put(src.getAddress()).put(dst.getAddress());
        b.put((byte) ICMPV6_ECHO_REQUEST).put((byte) 0).putShort((short) 0)
                .putShort((short) id).putShort((short) seq).put(data);
        byte[] p = b.array();
        long pseudo = pseudoHeaderSum6(src.getAddress(), dst.getAddress(), icmpLen, PROTO_ICMPV6);
        ByteBuffer.wrap(p).putShort(42, (short) checksum(p, 40, icmpLen, pseudo));
        return p;
    }

    /** True if {@code p} is an IPv4 echo reply src→dst with this id, seq and data, and both checksums verify. */
    static boolean isEchoReply4(byte[] p, Inet4Address src, Inet4Address dst, int id, int seq, byte[] data) {
        if (p.length < 28 || (p[0] & 0xff) != 0x45 || (p[9] & 0xff) != PROTO_ICMP) {
            return false;
        }
        int total = ((p[2] & 0xff) << 8) | (p[3] & 0xff);
        return total == p.length
                && checksum(p, 0, 20, 0) == 0
                && Arrays.equals(p, 12, 16, src.getAddress(), 0, 4)
                && Arrays.equals(p, 16, 20, dst.getAddress(), 0, 4)
                && (p[20] & 0xff) == ICMP_ECHO_REPLY
                && checksum(p, 20, total - 20, 0) == 0
                && u16(p, 24) == id && u16(p, 26) == seq
                && Arrays.equals(p, 28, total, data, 0, data.length);
    }

    /** True if {@code p} is an IPv6 echo reply src→dst with this id, seq and data, and its checksum verifies. */
    static boolean isEchoReply6(byte[] p, Inet6Address src, Inet6Address dst, int id, int seq, byte[] data) {
        if (p.length < 48 || (p[0] & 0xf0) != 0x60 || (p[6] & 0xff) != PROTO_ICMPV6) {
            return false;
        }
        int icmpLen = u16(p, 4);
        long pseudo = pseudoHeaderSum6(src.getAddress(), dst.getAddress(), icmpLen, PROTO_ICMPV6);
        return 40 + icmpLen == p.length
                && Arrays.equals(p, 8, 24, src.getAddress(), 0, 16)
                && Arrays.equals(p, 24, 40, dst.getAddress(), 0, 16)
                && (p[40] & 0xff) == ICMPV6_ECHO_REPLY
                && checksum(p, 40, icmpLen, pseudo) == 0
                && u16(p, 44) == id && u16(p, 46) == seq
                && Arrays.equals(p, 48, p.length, data, 0, data.length);
    }

    /** The ICMP echo sequence number of an IPv4 echo reply, or -1 if {@code p} is none. */
    static int echoReplySeq4(byte[] p) {
        if (p.length < 28 || (p[0] & 0xff) != 0x45 || (p[9] & 0xff) != PROTO_ICMP || (p[20] & 0xff) != ICMP_ECHO_REPLY) {
            return -1;
        }
        return u16(p, 26);
    }

    private static int u16(byte[] p, int off) {
        return ((p[off] & 0xff) << 8) | (p[off + 1] & 0xff);
    }
}

package io.vpnd.net;

/**
 * Allocation-free reads of IPv4/IPv6 header fields from a packet in a byte array, for selector
 * checks on the data path. Offsets are relative to {@code off}, the first octet of the IP header.
 * Methods that validate return -1 (or false) rather than throwing.
 */
public final class IpPacket {
    public static final int IPV4_MIN_HEADER = 20;
    public static final int IPV6_HEADER = 40;
    /** IP protocol numbers used on the data path (IANA "Assigned Internet Protocol Numbers"). */
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_IPV4 = 4;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_IPV6 = 41;
    public static final int PROTO_ICMPV6 = 58;
    /** "No next header" (RFC 4303 §2.6 dummy packets). */
    public static final int PROTO_NONE = 59;

    private IpPacket() {
    }

    /** 4 or 6, or -1 when the buffer is too short to tell or the version is neither. */
    public static int version(byte[] p, int off, int len) {
        if (len < 1) return -1;
        int v = (p[off] & 0xff) >>> 4;
        return v == 4 || v == 6 ? v : -1;
    }

    /**
     * Checks that {@code len} octets hold a complete IPv4 or IPv6 header whose total length fits
     * in {@code len}. Returns the packet's own total length, or -1 when malformed.
     */
    public static int validatedLength(byte[] p, int off, int len) {
        int v = version(p, off, len);
        if (v == 4) {
            if (len < IPV4_MIN_HEADER) return -1;
            int ihl = (p[off] & 0x0f) * 4;
            int total = ((p[off + 2] & 0xff) << 8) | (p[off + 3] & 0xff);
            if (ihl < IPV4_MIN_HEADER || total < ihl || total > len) return -1;
            return total;
        }
        if (v == 6) {
            if (len < IPV6_HEADER) return -1;
            int total = IPV6_HEADER + (((p[off + 4] & 0xff) << 8) | (p[off + 5] & 0xff));
            if (total > len) return -1;
            return total;
        }
        return -1;
    }

    /** Offset (relative to {@code off}) of the source address. */
    public static int sourceOffset(int version) {
        return version == 4 ? 12 : 8;
    }

    /** Offset (relative to {@code off}) of the destination address. */
    public static int destinationOffset(int version) {
        return version == 4 ? 16 : 24;
    }

    /** Address length in octets. */
    public static int addressLength(int version) {
        return version == 4 ? 4 : 16;
    }

    /**
     * The transport protocol: IPv4's protocol field, or IPv6's first next-header (extension
     * headers are not walked; selectors with a specific protocol and IPv6 extension headers
     * therefore do not match, which fails closed).
     */
    public static int protocol(byte[] p, int off, int version) {
        return version == 4 ? p[off + 9] & 0xff : p[off + 6] & 0xff;
    }

    /** Header length: IHL×4 for IPv4, 40 for IPv6. */
    public static int headerLength(byte[] p, int off, int version) {
        return version == 4 ? (p[off] & 0x0f) * 4 : IPV6_HEADER;
    }

    /** True for a non-first IPv4 fragment, which carries no transport header. */
    public static boolean isLaterFragment(byte[] p, int off, int version) {
        return version == 4 && ((((p[off + 6] & 0x1f) << 8) | (p[off + 7] & 0xff)) != 0);
    }

    /**
     * Source ({@code source=true}) or destination port for TCP/UDP/SCTP, the ICMP type/code
     * packed as RFC 4301 §4.4.1.1 prescribes (type in the high octet) for ICMP, or -1 when the
     * packet has no port (other protocol, later fragment, truncated).
     */
    public static int port(byte[] p, int off, int len, int version, boolean source) {
        int proto = protocol(p, off, version);
        int hl = headerLength(p, off, version);
        if (isLaterFragment(p, off, version)) return -1;
        int t = off + hl;
        switch (proto) {
            case PROTO_TCP, PROTO_UDP, 132 -> {
                if (hl + 4 > len) return -1;
                int at = source ? t : t + 2;
                return ((p[at] & 0xff) << 8) | (p[at + 1] & 0xff);
            }
            case PROTO_ICMP, PROTO_ICMPV6 -> {
                if (hl + 2 > len) return -1;
                return source ? ((p[t] & 0xff) << 8) | (p[t + 1] & 0xff) : 0;
            }
            default -> {
                return -1;
            }
        }
    }
}

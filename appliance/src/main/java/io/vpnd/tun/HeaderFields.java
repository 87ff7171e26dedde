package io.vpnd.tun;

/**
 * Offsets and flags of the IPv4 (RFC 791), IPv6 (RFC 8200), TCP (RFC 9293) and UDP (RFC 768)
 * header fields that segmentation and coalescing rewrite, relative to the start of each header.
 */
final class HeaderFields {
    private HeaderFields() {
    }

    static final int IPV4_TOS = 1;
    static final int IPV4_TOTAL_LENGTH = 2;
    static final int IPV4_IDENTIFICATION = 4;
    static final int IPV4_FLAGS_FRAGMENT = 6;
    static final int IPV4_TTL = 8;
    static final int IPV4_PROTOCOL = 9;
    static final int IPV4_CHECKSUM = 10;
    static final int IPV4_SOURCE = 12;
    static final int IPV4_ADDRESS_LENGTH = 4;
    /** More Fragments and Fragment Offset: any of these bits set means a fragment. */
    static final int IPV4_MF_OR_OFFSET = 0x3fff;

    static final int IPV6_PAYLOAD_LENGTH = 4;
    static final int IPV6_NEXT_HEADER = 6;
    static final int IPV6_HOP_LIMIT = 7;
    static final int IPV6_SOURCE = 8;
    static final int IPV6_ADDRESS_LENGTH = 16;
    static final int IPV6_HEADER_LENGTH = 40;

    static final int TCP_SEQUENCE = 4;
    static final int TCP_ACKNOWLEDGMENT = 8;
    static final int TCP_DATA_OFFSET = 12;
    static final int TCP_FLAGS = 13;
    static final int TCP_CHECKSUM = 16;
    static final int TCP_MIN_HEADER = 20;

    static final int TCP_FIN = 0x01;
    static final int TCP_SYN = 0x02;
    static final int TCP_RST = 0x04;
    static final int TCP_PSH = 0x08;
    static final int TCP_ACK = 0x10;
    static final int TCP_URG = 0x20;
    static final int TCP_CWR = 0x80;

    static final int UDP_LENGTH = 4;
    static final int UDP_CHECKSUM = 6;
    static final int UDP_HEADER = 8;

    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;

    /** Largest IP packet (IPv4 total length, and what a TUN frame holds). */
    static final int MAX_IP_PACKET = 65535;

    static int u16(byte[] a, int off) {
        return ((a[off] & 0xff) << 8) | (a[off + 1] & 0xff);
    }

    static void putU16(byte[] a, int off, int v) {
        a[off] = (byte) (v >>> 8);
        a[off + 1] = (byte) v;
    }

    static int u32(byte[] a, int off) {
        return (a[off] & 0xff) << 24 | (a[off + 1] & 0xff) << 16 | (a[off + 2] & 0xff) << 8 | (a[off + 3] & 0xff);
    }

    static void putU32(byte[] a, int off, int v) {
        a[off] = (byte) (v >>> 24);
        a[off + 1] = (byte) (v >>> 16);
        a[off + 2] = (byte) (v >>> 8);
        a[off + 3] = (byte) v;
    }
}

package io.vpnd.tun;

import io.netty.buffer.ByteBuf;

import java.nio.ByteOrder;

/**
 * {@code struct virtio_net_hdr} ({@code linux/virtio_net.h}), the 10-octet prefix of every read
 * and write on a TUN opened with {@code IFF_VNET_HDR}: how the packet after it is to be
 * checksummed and segmented. A legacy TUN (no TUNSETVNETLE/BE) uses host byte order.
 * <pre>
 *   u8  flags          F_NEEDS_CSUM: checksum [csum_start, end) and store it at csum_start + csum_offset
 *   u8  gso_type       GSO_NONE, GSO_TCPV4, GSO_TCPV6, GSO_UDP_L4 (| GSO_ECN)
 *   u16 hdr_len        IP + transport header length (not to be trusted on reads)
 *   u16 gso_size       payload octets per segment
 *   u16 csum_start     where the transport header starts
 *   u16 csum_offset    checksum field within it (16 for TCP, 6 for UDP)
 * </pre>
 * A mutable holder, reused per packet so that reading one allocates nothing.
 */
final class VirtioNetHdr {
    static final int LENGTH = 10;

    static final int F_NEEDS_CSUM = 1;
    static final int F_DATA_VALID = 2;

    static final int GSO_NONE = 0;
    static final int GSO_TCPV4 = 1;
    static final int GSO_UDP = 3;
    static final int GSO_TCPV6 = 4;
    static final int GSO_UDP_L4 = 5;
    static final int GSO_ECN = 0x80;

    static final int TCP_CSUM_OFFSET = 16;
    static final int UDP_CSUM_OFFSET = 6;

    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    int flags;
    /** Without {@link #GSO_ECN}. */
    int gsoType;
    boolean ecn;
    int hdrLen;
    int gsoSize;
    int csumStart;
    int csumOffset;

    /** Reads the header at {@code b[index]}. */
    VirtioNetHdr decode(ByteBuf b, int index) {
        flags = b.getUnsignedByte(index);
        int type = b.getUnsignedByte(index + 1);
        gsoType = type & ~GSO_ECN;
        ecn = (type & GSO_ECN) != 0;
        hdrLen = u16(b, index + 2);
        gsoSize = u16(b, index + 4);
        csumStart = u16(b, index + 6);
        csumOffset = u16(b, index + 8);
        return this;
    }

    /** Writes this header at {@code b[index]}. */
    void encode(ByteBuf b, int index) {
        b.setByte(index, flags);
        b.setByte(index + 1, gsoType | (ecn ? GSO_ECN : 0));
        setU16(b, index + 2, hdrLen);
        setU16(b, index + 4, gsoSize);
        setU16(b, index + 6, csumStart);
        setU16(b, index + 8, csumOffset);
    }

    /** A header that asks for nothing: the packet after it is complete, checksums included. */
    VirtioNetHdr none() {
        flags = 0;
        gsoType = GSO_NONE;
        ecn = false;
        hdrLen = 0;
        gsoSize = 0;
        csumStart = 0;
        csumOffset = 0;
        return this;
    }

    private static int u16(ByteBuf b, int index) {
        return LITTLE_ENDIAN ? b.getUnsignedShortLE(index) : b.getUnsignedShort(index);
    }

    private static void setU16(ByteBuf b, int index, int v) {
        if (LITTLE_ENDIAN) {
            b.setShortLE(index, v);
        } else {
            b.setShort(index, v);
        }
    }

    @Override
    public String toString() {
        return "virtio_net_hdr{flags=" + flags + " gso_type=" + gsoType + (ecn ? "|ECN" : "") + " hdr_len=" + hdrLen
                + " gso_size=" + gsoSize + " csum_start=" + csumStart + " csum_offset=" + csumOffset + "}";
    }
}

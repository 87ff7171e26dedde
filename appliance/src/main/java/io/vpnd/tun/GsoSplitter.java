package io.vpnd.tun;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;

import static io.vpnd.tun.HeaderFields.IPV4_ADDRESS_LENGTH;
import static io.vpnd.tun.HeaderFields.IPV4_CHECKSUM;
import static io.vpnd.tun.HeaderFields.IPV4_IDENTIFICATION;
import static io.vpnd.tun.HeaderFields.IPV4_PROTOCOL;
import static io.vpnd.tun.HeaderFields.IPV4_SOURCE;
import static io.vpnd.tun.HeaderFields.IPV4_TOTAL_LENGTH;
import static io.vpnd.tun.HeaderFields.IPV6_ADDRESS_LENGTH;
import static io.vpnd.tun.HeaderFields.IPV6_HEADER_LENGTH;
import static io.vpnd.tun.HeaderFields.IPV6_NEXT_HEADER;
import static io.vpnd.tun.HeaderFields.IPV6_PAYLOAD_LENGTH;
import static io.vpnd.tun.HeaderFields.IPV6_SOURCE;
import static io.vpnd.tun.HeaderFields.PROTO_TCP;
import static io.vpnd.tun.HeaderFields.PROTO_UDP;
import static io.vpnd.tun.HeaderFields.TCP_CHECKSUM;
import static io.vpnd.tun.HeaderFields.TCP_CWR;
import static io.vpnd.tun.HeaderFields.TCP_DATA_OFFSET;
import static io.vpnd.tun.HeaderFields.TCP_FIN;
import static io.vpnd.tun.HeaderFields.TCP_FLAGS;
import static io.vpnd.tun.HeaderFields.TCP_MIN_HEADER;
import static io.vpnd.tun.HeaderFields.TCP_PSH;
import static io.vpnd.tun.HeaderFields.TCP_SEQUENCE;
import static io.vpnd.tun.HeaderFields.UDP_CHECKSUM;
import static io.vpnd.tun.HeaderFields.UDP_HEADER;
import static io.vpnd.tun.HeaderFields.UDP_LENGTH;
import static io.vpnd.tun.HeaderFields.putU16;
import static io.vpnd.tun.HeaderFields.putU32;
import static io.vpnd.tun.HeaderFields.u16;
import static io.vpnd.tun.HeaderFields.u32;

/**
 * Turns what a TUN with {@code IFF_VNET_HDR} reads into plain IP packets, in heap buffers ready
 * for ESP, as the kernel's own {@code tcp_gso_segment}/{@code udp4_ufo_fragment} would have:
 * <ul>
 *   <li>{@code GSO_NONE} with {@code F_NEEDS_CSUM} (CHECKSUM_PARTIAL): the transport checksum is
 *       completed — the field holds the pseudo-header sum, the rest is summed from
 *       {@code csum_start} to the end (a result of 0 is sent as 0xFFFF, as the kernel does);</li>
 *   <li>{@code GSO_TCPV4/TCPV6}: a TCP super-packet of up to 64 KiB is cut into segments of
 *       {@code gso_size} payload octets: each gets the headers, its own IPv4 total length,
 *       identification (+1 per segment) and header checksum or IPv6 payload length, sequence
 *       number, flags (CWR on the first segment only, FIN and PSH on the last only) and a full
 *       TCP checksum;</li>
 *   <li>{@code GSO_UDP_L4} (USO): likewise for UDP datagrams: length and checksum per segment.</li>
 * </ul>
 * {@code hdr_len} is not trusted (the kernel does not always fill it in): headers are measured from
 * {@code csum_start} and the TCP data offset. The pseudo-header uses the fixed IPv6 header's
 * addresses: a routing extension header (which locally generated TCP never carries) would be wrong.
 */
final class GsoSplitter {
    /** Receives each packet made; owns it. */
    interface Sink {
        void packet(ByteBuf packet);
    }

    /**
     * Per thread: the segment buffer. The outbound path seals a copy and releases the segment
     * before the next one is made, so one array serves every segment.
     */
    private static final FastThreadLocal<LentBuffer> SEGMENT = new FastThreadLocal<>() {
        @Override
        protected LentBuffer initialValue() {
            return new LentBuffer();
        }

        @Override
        protected void onRemoval(LentBuffer b) {
            b.release();
        }
    };

    private final ByteBufAllocator alloc;

    GsoSplitter(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /** An empty heap buffer for a {@code length}-octet packet, handed to the sink with one reference for it. */
    private ByteBuf segmentBuffer(int length) {
        return SEGMENT.get().lend(alloc, length);
    }

    /**
     * Splits the IP packet at {@code src[off, off+len)}, described by {@code h}, into
     * {@code sink}. Reads {@code src} without moving its indices or releasing it.
     *
     * @return packets delivered, or -1 when the header and packet do not fit together (then
     *         nothing was delivered)
     */
    int split(VirtioNetHdr h, ByteBuf src, int off, int len, Sink sink) {
        if (len < 1) return -1;
        if (h.gsoType == VirtioNetHdr.GSO_NONE) {
            return single(h, src, off, len, sink);
        }
        boolean tcp;
        if (h.gsoType == VirtioNetHdr.GSO_TCPV4 || h.gsoType == VirtioNetHdr.GSO_TCPV6) {
            tcp = true;
        } else if (h.gsoType == VirtioNetHdr.GSO_UDP_L4) {
            tcp = false;
        } else {
            return -1; // UFO (GSO_UDP) is never enabled: IP fragments are not ours to make
        }
        int version = (src.getByte(off) >> 4) & 0xf;
        int ipHl = h.csumStart;
        int proto = tcp ? PROTO_TCP : PROTO_UDP;
        if (version == 4) {
            if (h.gsoType == VirtioNetHdr.GSO_TCPV6) return -1;
            int ihl = (src.getByte(off) & 0xf) * 4;
            if (ihl < 20 || ihl != ipHl || len < ihl || src.getUnsignedByte(off + IPV4_PROTOCOL) != proto) return -1;
        } else if (version == 6) {
            if (h.gsoType == VirtioNetHdr.GSO_TCPV4) return -1;
            if (ipHl < IPV6_HEADER_LENGTH || len < ipHl) return -1;
            if (ipHl == IPV6_HEADER_LENGTH && src.getUnsignedByte(off + IPV6_NEXT_HEADER) != proto) return -1;
        } else {
            return -1;
        }
        int l4Hl;
        if (tcp) {
            if (ipHl + TCP_MIN_HEADER > len) return -1;
            l4Hl = ((src.getByte(off + ipHl + TCP_DATA_OFFSET) >> 4) & 0xf) * 4;
            if (l4Hl < TCP_MIN_HEADER) return -1;
        } else {
            l4Hl = UDP_HEADER;
        }
        int hl = ipHl + l4Hl;
        int payload = len - hl;
        int gso = h.gsoSize;
        if (payload < 0 || gso == 0) return -1;
        int segments = payload == 0 ? 1 : (payload + gso - 1) / gso;

        int firstId = 0;
        int firstSeq = 0;
        int flags = 0;
        long addressSum = -1;
        for (int i = 0; i < segments; i++) {
            int segPayload = Math.min(gso, payload - i * gso);
            int segLen = hl + segPayload;
            ByteBuf p = segmentBuffer(segLen);
            p.writeBytes(src, off, hl);
            p.writeBytes(src, off + hl + i * gso, segPayload);
            byte[] a = p.array();
            int b = p.arrayOffset() + p.readerIndex();
            if (i == 0) {
                if (version == 4) firstId = u16(a, b + IPV4_IDENTIFICATION);
                if (tcp) {
                    firstSeq = u32(a, b + ipHl + TCP_SEQUENCE);
                    flags = a[b + ipHl + TCP_FLAGS] & 0xff;
                }
                addressSum = version == 4
                        ? InternetChecksum.sum(a, b + IPV4_SOURCE, 2 * IPV4_ADDRESS_LENGTH, 0)
                        : InternetChecksum.sum(a, b + IPV6_SOURCE, 2 * IPV6_ADDRESS_LENGTH, 0);
            }
            if (version == 4) {
                putU16(a, b + IPV4_TOTAL_LENGTH, segLen);
                putU16(a, b + IPV4_IDENTIFICATION, firstId + i);
                putU16(a, b + IPV4_CHECKSUM, 0);
                putU16(a, b + IPV4_CHECKSUM, InternetChecksum.ipv4Header(a, b, ipHl));
            } else {
                putU16(a, b + IPV6_PAYLOAD_LENGTH, segLen - IPV6_HEADER_LENGTH);
            }
            int t = b + ipHl;
            int transportLen = segLen - ipHl;
            if (tcp) {
                putU32(a, t + TCP_SEQUENCE, firstSeq + i * gso);
                int f = flags;
                if (i > 0) f &= ~TCP_CWR;
                if (i < segments - 1) f &= ~(TCP_FIN | TCP_PSH);
                a[t + TCP_FLAGS] = (byte) f;
                putU16(a, t + TCP_CHECKSUM, 0);
                long s = InternetChecksum.sum(a, t, transportLen, addressSum + proto + transportLen);
                putU16(a, t + TCP_CHECKSUM, ~InternetChecksum.fold(s) & 0xffff);
            } else {
                putU16(a, t + UDP_LENGTH, transportLen);
                putU16(a, t + UDP_CHECKSUM, 0);
                long s = InternetChecksum.sum(a, t, transportLen, addressSum + proto + transportLen);
                int c = ~InternetChecksum.fold(s) & 0xffff;
                putU16(a, t + UDP_CHECKSUM, c == 0 ? 0xffff : c); // RFC 768: 0 means "no checksum"
            }
            sink.packet(p);
        }
        return segments;
    }

    private int single(VirtioNetHdr h, ByteBuf src, int off, int len, Sink sink) {
        boolean partial = (h.flags & VirtioNetHdr.F_NEEDS_CSUM) != 0;
        int at = h.csumStart + h.csumOffset;
        if (partial && (h.csumStart >= len || at + 2 > len)) return -1;
        ByteBuf p = segmentBuffer(len);
        p.writeBytes(src, off, len);
        if (partial) {
            byte[] a = p.array();
            int b = p.arrayOffset() + p.readerIndex();
            // the field already holds the pseudo-header sum: summing over it completes the checksum
            long s = InternetChecksum.sum(a, b + h.csumStart, len - h.csumStart, 0);
            int c = ~InternetChecksum.fold(s) & 0xffff;
            putU16(a, b + at, c == 0 ? 0xffff : c);
        }
        sink.packet(p);
        return 1;
    }
}

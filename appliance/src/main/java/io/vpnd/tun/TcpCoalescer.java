package io.vpnd.tun;

import io.netty.buffer.ByteBuf;

import static io.vpnd.tun.HeaderFields.IPV4_ADDRESS_LENGTH;
import static io.vpnd.tun.HeaderFields.IPV4_CHECKSUM;
import static io.vpnd.tun.HeaderFields.IPV4_FLAGS_FRAGMENT;
import static io.vpnd.tun.HeaderFields.IPV4_IDENTIFICATION;
import static io.vpnd.tun.HeaderFields.IPV4_MF_OR_OFFSET;
import static io.vpnd.tun.HeaderFields.IPV4_PROTOCOL;
import static io.vpnd.tun.HeaderFields.IPV4_SOURCE;
import static io.vpnd.tun.HeaderFields.IPV4_TOTAL_LENGTH;
import static io.vpnd.tun.HeaderFields.IPV6_ADDRESS_LENGTH;
import static io.vpnd.tun.HeaderFields.IPV6_HEADER_LENGTH;
import static io.vpnd.tun.HeaderFields.IPV6_NEXT_HEADER;
import static io.vpnd.tun.HeaderFields.IPV6_PAYLOAD_LENGTH;
import static io.vpnd.tun.HeaderFields.IPV6_SOURCE;
import static io.vpnd.tun.HeaderFields.MAX_IP_PACKET;
import static io.vpnd.tun.HeaderFields.PROTO_TCP;
import static io.vpnd.tun.HeaderFields.TCP_ACK;
import static io.vpnd.tun.HeaderFields.TCP_CHECKSUM;
import static io.vpnd.tun.HeaderFields.TCP_CWR;
import static io.vpnd.tun.HeaderFields.TCP_DATA_OFFSET;
import static io.vpnd.tun.HeaderFields.TCP_FIN;
import static io.vpnd.tun.HeaderFields.TCP_FLAGS;
import static io.vpnd.tun.HeaderFields.TCP_MIN_HEADER;
import static io.vpnd.tun.HeaderFields.TCP_PSH;
import static io.vpnd.tun.HeaderFields.TCP_RST;
import static io.vpnd.tun.HeaderFields.TCP_SEQUENCE;
import static io.vpnd.tun.HeaderFields.TCP_SYN;
import static io.vpnd.tun.HeaderFields.TCP_URG;
import static io.vpnd.tun.HeaderFields.putU16;
import static io.vpnd.tun.HeaderFields.u16;
import static io.vpnd.tun.HeaderFields.u32;

/**
 * Receive-side coalescing (GRO) for writes to a TUN with {@code IFF_VNET_HDR}: consecutive TCP
 * segments of one flow become one super-packet with a {@code GSO_TCPV4/TCPV6} virtio_net_hdr,
 * so the kernel takes, and its TCP stack processes, up to 64 KiB in one write. Any other packet
 * goes into the frame alone behind an empty header.
 *
 * <p>A segment joins the frame under the rules of Linux's {@code tcp_gro_receive} and
 * {@code inet_gro_receive}, so that the kernel re-segmenting the super-packet (when it forwards
 * it) reproduces exactly the segments that went in:
 * <ul>
 *   <li>both carry valid IP (IPv4 header) and TCP checksums, verified here, since the kernel will
 *       not verify a CHECKSUM_PARTIAL packet;</li>
 *   <li>same addresses, ports, ACK number, window, TCP options, data offset, TOS/traffic class,
 *       flow label, TTL/hop limit and IPv4 flags; IPv4 identification one more than the last;
 *       no IPv4 options or fragments, no IPv6 extension headers;</li>
 *   <li>flags ACK, optionally PSH: SYN, FIN, RST, URG and CWR segments never join nor take others;</li>
 *   <li>its sequence number follows the last one's data; its payload is no longer than the
 *       first's ({@code gso_size}); a shorter one, or one with PSH, is the last to join;</li>
 *   <li>at most {@link #MAX_SEGMENTS} segments and {@link HeaderFields#MAX_IP_PACKET} octets.</li>
 * </ul>
 * The super-packet keeps the first segment's headers, with the IP length of the whole, PSH if the
 * last segment had it, and in the TCP checksum field the pseudo-header sum the kernel completes
 * ({@code F_NEEDS_CSUM}, csum_start at the TCP header).
 *
 * <p>Not thread-safe: one per device, used on its event loop. Reads the packets it is given and
 * neither keeps nor releases them.
 */
final class TcpCoalescer {
    static final int MAX_SEGMENTS = 64;
    private static final int MAX_HEADERS = 60 + 60;
    private static final int NOT_JOINABLE_FLAGS = TCP_SYN | TCP_FIN | TCP_RST | TCP_URG | TCP_CWR;

    private final ByteBuf frame;
    private final VirtioNetHdr hdr = new VirtioNetHdr();
    /** The first segment's IP + TCP headers, rewritten into the frame by {@link #finish}. */
    private final byte[] head = new byte[MAX_HEADERS];

    private int segments;
    /** IP packet octets in the frame (after the virtio_net_hdr). */
    private int length;
    /** Header octets held in {@link #head}; 0 when the frame holds one packet that cannot take others. */
    private int headerLength;
    private boolean open;
    private boolean psh;
    private int version;
    private int ipHeaderLength;
    private int gsoSize;
    private int nextSequence;
    private int nextIdentification;
    private long addressSum;

    /** {@code frame} receives the virtio_net_hdr and packet at index 0; it must hold {@link #FRAME_CAPACITY} octets. */
    TcpCoalescer(ByteBuf frame) {
        if (frame.capacity() < FRAME_CAPACITY) throw new IllegalArgumentException("frame too small: " + frame.capacity());
        this.frame = frame;
    }

    static final int FRAME_CAPACITY = VirtioNetHdr.LENGTH + MAX_IP_PACKET;

    boolean isEmpty() {
        return segments == 0;
    }

    /** Packets in the frame. */
    int segments() {
        return segments;
    }

    /**
     * Puts {@code packet}'s readable bytes into the frame: alone when the frame is empty, else
     * joined to what is there. Returns false, leaving the frame as it was, when it cannot join:
     * the caller then {@link #finish}es and writes the frame, {@link #reset}s, and adds again.
     */
    boolean add(ByteBuf packet) {
        if (packet.readableBytes() > MAX_IP_PACKET) throw new IllegalArgumentException("not an IP packet");
        if (segments == 0) {
            start(packet);
            return true;
        }
        return open && join(packet);
    }

    /** Writes the header(s) of the frame; returns its length (virtio_net_hdr + IP packet). */
    int finish() {
        if (segments == 0) throw new IllegalStateException("empty frame");
        hdr.none();
        if (headerLength > 0) {
            if (segments > 1) {
                byte[] h = head;
                if (version == 4) {
                    putU16(h, IPV4_TOTAL_LENGTH, length);
                    putU16(h, IPV4_CHECKSUM, 0);
                    putU16(h, IPV4_CHECKSUM, InternetChecksum.ipv4Header(h, 0, ipHeaderLength));
                } else {
                    putU16(h, IPV6_PAYLOAD_LENGTH, length - IPV6_HEADER_LENGTH);
                }
                if (psh) h[ipHeaderLength + TCP_FLAGS] |= (byte) TCP_PSH;
                int tcpLength = length - ipHeaderLength;
                // CHECKSUM_PARTIAL: the field holds the folded pseudo-header sum, not complemented
                putU16(h, ipHeaderLength + TCP_CHECKSUM, InternetChecksum.fold(addressSum + PROTO_TCP + tcpLength));
                hdr.flags = VirtioNetHdr.F_NEEDS_CSUM;
                hdr.gsoType = version == 4 ? VirtioNetHdr.GSO_TCPV4 : VirtioNetHdr.GSO_TCPV6;
                hdr.hdrLen = headerLength;
                hdr.gsoSize = gsoSize;
                hdr.csumStart = ipHeaderLength;
                hdr.csumOffset = VirtioNetHdr.TCP_CSUM_OFFSET;
            }
            frame.setBytes(VirtioNetHdr.LENGTH, head, 0, headerLength);
        }
        hdr.encode(frame, 0);
        return VirtioNetHdr.LENGTH + length;
    }

    /** Empties the frame. */
    void reset() {
        segments = 0;
        length = 0;
        headerLength = 0;
        open = false;
        psh = false;
    }

    private void start(ByteBuf packet) {
        int len = packet.readableBytes();
        segments = 1;
        length = len;
        if (packet.hasArray()) {
            byte[] a = packet.array();
            int b = packet.arrayOffset() + packet.readerIndex();
            int hl = candidate(a, b, len);
            if (hl > 0) {
                System.arraycopy(a, b, head, 0, hl);
                frame.setBytes(VirtioNetHdr.LENGTH + hl, a, b + hl, len - hl);
                headerLength = hl;
                version = (a[b] >> 4) & 0xf;
                ipHeaderLength = version == 4 ? 20 : IPV6_HEADER_LENGTH;
                gsoSize = len - hl;
                nextSequence = u32(a, b + ipHeaderLength + TCP_SEQUENCE) + gsoSize;
                nextIdentification = version == 4 ? u16(a, b + IPV4_IDENTIFICATION) + 1 : 0;
                addressSum = addressSum(a, b, version);
                psh = (a[b + ipHeaderLength + TCP_FLAGS] & TCP_PSH) != 0;
                open = !psh;
                return;
            }
        }
        frame.setBytes(VirtioNetHdr.LENGTH, packet, packet.readerIndex(), len);
        headerLength = 0;
        open = false;
    }

    private boolean join(ByteBuf packet) {
        if (!packet.hasArray() || segments >= MAX_SEGMENTS) return false;
        int len = packet.readableBytes();
        int hl = headerLength;
        int payload = len - hl;
        if (payload <= 0 || payload > gsoSize || length + payload > MAX_IP_PACKET) return false;
        byte[] a = packet.array();
        int b = packet.arrayOffset() + packet.readerIndex();
        if (((a[b] >> 4) & 0xf) != version || !sameHeaders(a, b)) return false;
        if (candidate(a, b, len) != hl) return false; // lengths, flags and both checksums
        frame.setBytes(VirtioNetHdr.LENGTH + length, a, b + hl, payload);
        length += payload;
        segments++;
        nextSequence += payload;
        nextIdentification++;
        if ((a[b + ipHeaderLength + TCP_FLAGS] & TCP_PSH) != 0) {
            psh = true;
            open = false;
        }
        if (payload < gsoSize) open = false;
        return true;
    }

    /**
     * Whether the packet's headers match the frame's for joining: everything but lengths,
     * checksums and the PSH flag equal, identification and sequence number the next ones.
     */
    private boolean sameHeaders(byte[] a, int b) {
        byte[] h = head;
        int ip = ipHeaderLength;
        if (version == 4) {
            // version/IHL, TOS: equal; total length: any; identification: the next one
            if (a[b] != h[0] || a[b + 1] != h[1]) return false;
            if (u16(a, b + IPV4_IDENTIFICATION) != (nextIdentification & 0xffff)) return false;
            // flags and fragment offset, TTL, protocol: equal; checksum: any; addresses: equal
            if (!equal(a, b + IPV4_FLAGS_FRAGMENT, h, IPV4_FLAGS_FRAGMENT, 4)) return false;
            if (!equal(a, b + IPV4_SOURCE, h, IPV4_SOURCE, 2 * IPV4_ADDRESS_LENGTH)) return false;
        } else {
            // version, traffic class, flow label: equal; payload length: any; next header, hop limit, addresses: equal
            if (!equal(a, b, h, 0, 4)) return false;
            if (!equal(a, b + IPV6_NEXT_HEADER, h, IPV6_NEXT_HEADER, 2 + 2 * IPV6_ADDRESS_LENGTH)) return false;
        }
        int t = b + ip;
        // ports, then (after the sequence number) ACK number, data offset
        if (!equal(a, t, h, ip, 4) || !equal(a, t + 8, h, ip + 8, 5)) return false;
        if (u32(a, t + TCP_SEQUENCE) != nextSequence) return false;
        // flags but PSH, window; then (after the checksum) urgent pointer and options
        if ((a[t + TCP_FLAGS] & ~TCP_PSH) != (h[ip + TCP_FLAGS] & ~TCP_PSH)) return false;
        if (!equal(a, t + 14, h, ip + 14, 2)) return false;
        return equal(a, t + 18, h, ip + 18, headerLength - ip - 18);
    }

    /**
     * The IP + TCP header length when the packet may take part in coalescing: IPv4 without
     * options and not a fragment, or IPv6 without extension headers; TCP with ACK, without SYN,
     * FIN, RST, URG, CWR; some payload; exact IP length; valid checksums. Else 0.
     */
    private static int candidate(byte[] a, int b, int len) {
        int version = (a[b] >> 4) & 0xf;
        int ip;
        if (version == 4) {
            ip = 20;
            if (len < ip + TCP_MIN_HEADER || (a[b] & 0xf) != 5) return 0;
            if (u16(a, b + IPV4_TOTAL_LENGTH) != len || a[b + IPV4_PROTOCOL] != PROTO_TCP) return 0;
            if ((u16(a, b + IPV4_FLAGS_FRAGMENT) & IPV4_MF_OR_OFFSET) != 0) return 0;
            if (InternetChecksum.fold(InternetChecksum.sum(a, b, ip, 0)) != 0xffff) return 0;
        } else if (version == 6) {
            ip = IPV6_HEADER_LENGTH;
            if (len < ip + TCP_MIN_HEADER || u16(a, b + IPV6_PAYLOAD_LENGTH) + ip != len) return 0;
            if (a[b + IPV6_NEXT_HEADER] != PROTO_TCP) return 0;
        } else {
            return 0;
        }
        int t = b + ip;
        int thl = ((a[t + TCP_DATA_OFFSET] >> 4) & 0xf) * 4;
        if (thl < TCP_MIN_HEADER || ip + thl >= len) return 0; // no payload, nothing to coalesce
        int flags = a[t + TCP_FLAGS] & 0xff;
        if ((flags & TCP_ACK) == 0 || (flags & NOT_JOINABLE_FLAGS) != 0) return 0;
        int tcpLength = len - ip;
        long s = InternetChecksum.sum(a, t, tcpLength, addressSum(a, b, version) + PROTO_TCP + tcpLength);
        if (InternetChecksum.fold(s) != 0xffff) return 0;
        return ip + thl;
    }

    private static long addressSum(byte[] a, int b, int version) {
        return version == 4
                ? InternetChecksum.sum(a, b + IPV4_SOURCE, 2 * IPV4_ADDRESS_LENGTH, 0)
                : InternetChecksum.sum(a, b + IPV6_SOURCE, 2 * IPV6_ADDRESS_LENGTH, 0);
    }

    private static boolean equal(byte[] a, int aOff, byte[] b, int bOff, int n) {
        for (int i = 0; i < n; i++) {
            if (a[aOff + i] != b[bOff + i]) return false;
        }
        return true;
    }
}

package io.vpnd.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramPacket;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * Collects the ESP packets one TUN read batch produces for one peer into a single buffer and
 * sends them with one UDP GSO {@code sendmsg} (UDP_SEGMENT): the kernel cuts it into datagrams
 * of {@code segment} octets, the last may be shorter. The packets a TSO super-packet is split
 * into all seal to the same length, so a 64 KiB TCP burst leaves as one system call instead of
 * ~45. Anything that cannot join the current run (another peer, a longer packet, after a
 * shorter one) sends the run first.
 */
final class EspSendBatch {
    /** The kernel's UDP_MAX_SEGMENTS is 64 on older kernels (128 since 5.x): stay at the lower. */
    static final int MAX_SEGMENTS = 64;
    /** A GSO datagram is one IP packet before segmentation: 64 KiB less the IP and UDP headers. */
    static final int MAX_BYTES = 65_535 - 40 - 8;
    /** GSO refuses segments that would need IP fragmentation: keep them within a 1500-octet outer MTU. */
    static final int OUTER_MTU = 1500;

    private final ByteBufAllocator alloc;
    private ByteBuf run;
    private InetSocketAddress remote;
    private int segment;
    private int count;
    private boolean closed;

    EspSendBatch(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    /** Whether a UDP GSO send is possible here (kernel and Netty's native transport). */
    static boolean supported() {
        return SegmentedDatagramPacket.isSupported();
    }

    /**
     * The buffer to seal a packet of {@code sealedLength} octets for {@code to} into, appended at
     * its writer index; the run so far is sent first if the packet cannot join it.
     */
    ByteBuf bufferFor(InetSocketAddress to, int sealedLength, Channel udp) {
        int headers = (to.getAddress() instanceof Inet6Address ? 40 : 20) + 8;
        if (run != null && (closed || count >= MAX_SEGMENTS || sealedLength > segment || !to.equals(remote)
                || run.writerIndex() + sealedLength > MAX_BYTES)) {
            send(udp);
        }
        if (run == null) {
            // heap: the codec seals in place into arrays; Netty copies the run to native memory once
            run = alloc.heapBuffer(sealedLength + headers > OUTER_MTU ? sealedLength : MAX_BYTES);
            remote = to;
            segment = sealedLength;
        }
        return run;
    }

    /** The packet sealed into {@link #bufferFor}'s buffer is complete ({@code sealedLength} octets). */
    void added(int sealedLength, Channel udp) {
        count++;
        int headers = (remote.getAddress() instanceof Inet6Address ? 40 : 20) + 8;
        if (sealedLength + headers > OUTER_MTU) {
            send(udp); // needs IP fragmentation, which GSO does not do: alone, as a plain datagram
        } else if (sealedLength < segment) {
            closed = true; // a shorter segment may only come last
        }
    }

    /** Writes (does not flush) what has been collected: one datagram, or one GSO send for several. */
    void send(Channel udp) {
        if (run == null) return;
        ByteBuf b = run;
        run = null;
        if (count == 0) { // only failed seals since it was started
            b.release();
            closed = false;
            return;
        }
        DatagramPacket p = count == 1 ? new DatagramPacket(b, remote) : new SegmentedDatagramPacket(b, segment, remote);
        count = 0;
        closed = false;
        udp.write(p, udp.voidPromise());
    }

    /** Releases what was collected and not sent (the pipeline is closing). */
    void discard() {
        if (run != null) {
            run.release();
            run = null;
            count = 0;
            closed = false;
        }
    }
}

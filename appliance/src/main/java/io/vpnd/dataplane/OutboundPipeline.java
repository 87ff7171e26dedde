package io.vpnd.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.FastThreadLocal;
import io.vpnd.esp.EspCodec;
import io.vpnd.net.DropReason;
import io.vpnd.net.IpPacket;
import io.vpnd.tun.TunDevice;
import io.vpnd.tun.TunReceiver;

/**
 * The outbound path, one packet at a time on the TUN's event loop:
 * <pre>
 *   1. read    an IP packet from the tunnel's TUN device (the device names the tunnel)
 *   2. check   it is a well-formed IPv4/IPv6 packet                      TUN_MALFORMED
 *              (TCP SYNs get their MSS clamped to fit the tunnel)
 *   3. select  the newest outbound Child SA of this tunnel whose
 *              selectors cover source and destination                     NO_SA
 *   4. seal    ESP: sequence number, padding, encryption, ICV            SEQ_OVERFLOW, SA_EXPIRED
 *   5. send    as a UDP datagram to the SA's peer on this loop's socket;
 *              one flush per batch of reads (sendmmsg underneath)        UDP_SEND_FAILED
 *              (with UDP GSO, runs of equal-length packets to one peer
 *              go out as one segmented send: {@link EspSendBatch})
 * </pre>
 * Every packet ends here released: the inner buffer in {@code finally}, the sealed one either
 * handed to the channel or released on failure.
 */
final class OutboundPipeline implements TunReceiver {
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[65536];
        }
    };

    private final TunnelPort port;
    private final DropCounters drops;
    private final ByteBufAllocator alloc;
    /** Null when every packet goes out as its own datagram. */
    private final EspSendBatch gso;
    private boolean flushPending;

    OutboundPipeline(TunnelPort port, DropCounters drops, ByteBufAllocator alloc, boolean udpGso) {
        this.port = port;
        this.drops = drops;
        this.alloc = alloc;
        this.gso = udpGso ? new EspSendBatch(alloc) : null;
    }

    @Override
    public void packetRead(TunDevice device, ByteBuf packet) {
        try {
            process(packet);
        } finally {
            packet.release();
        }
    }

    private void process(ByteBuf packet) {
        int len = packet.readableBytes();
        byte[] p;
        int off;
        if (packet.hasArray()) {
            p = packet.array();
            off = packet.arrayOffset() + packet.readerIndex();
        } else {
            p = SCRATCH.get();
            if (len > p.length) {
                drop(DropReason.TUN_MALFORMED);
                return;
            }
            packet.getBytes(packet.readerIndex(), p, 0, len);
            off = 0;
        }
        if (IpPacket.validatedLength(p, off, len) < 0) {
            drop(DropReason.TUN_MALFORMED);
            return;
        }
        int version = IpPacket.version(p, off, len);
        if (IpPacket.protocol(p, off, version) == IpPacket.PROTO_TCP) MssClamp.clamp(packet, port.mssIpv4, port.mssIpv6);
        InstalledSa sa = port.select(p, off, len, version);
        if (sa == null) {
            drop(DropReason.NO_SA);
            return;
        }
        Channel udp = port.udp;
        if (!udp.isWritable()) {
            drop(DropReason.UDP_SEND_FAILED);
            return;
        }
        if (gso != null) {
            sealIntoBatch(sa, packet, len, udp);
            return;
        }
        ByteBuf sealed = alloc.heapBuffer(EspCodec.sealedLength(sa.esp, len));
        boolean handedOff = false;
        try {
            DropReason r = EspCodec.seal(sa.esp, packet, sealed);
            if (r != null) {
                drop(r);
                return;
            }
            udp.write(new DatagramPacket(sealed, sa.esp.remote()), udp.voidPromise());
            handedOff = true;
            flushPending = true;
            port.counters.sent(len);
        } finally {
            if (!handedOff) sealed.release();
        }
    }

    private void sealIntoBatch(InstalledSa sa, ByteBuf packet, int len, Channel udp) {
        int sealedLength = EspCodec.sealedLength(sa.esp, len);
        ByteBuf out = gso.bufferFor(sa.esp.remote(), sealedLength, udp);
        int mark = out.writerIndex();
        DropReason r = EspCodec.seal(sa.esp, packet, out);
        if (r != null) {
            out.writerIndex(mark);
            drop(r);
            return;
        }
        gso.added(out.writerIndex() - mark, udp);
        flushPending = true;
        port.counters.sent(len);
    }

    private void drop(DropReason reason) {
        drops.increment(reason);
        port.counters.drops.increment();
    }

    @Override
    public void readComplete(TunDevice device) {
        if (flushPending) {
            flushPending = false;
            if (gso != null) gso.send(port.udp);
            port.udp.flush();
        }
    }
}

package io.vpnd.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.vpnd.esp.EspCodec;
import io.vpnd.net.DropReason;
import io.vpnd.tun.LentBuffer;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The inbound path on a UDP socket's event loop:
 * <pre>
 *   1. classify  NAT-T port: 0xFF = keepalive (RFC 3948 §2.3), four zero octets =
 *                non-ESP marker → IKE, else ESP. IKE port: IKE.              UDP_MALFORMED
 *   2. lookup    the inbound SA by SPI                                        ESP_UNKNOWN_SPI
 *   3. open      ESP: length, replay check, ICV + decrypt, replay update,
 *                padding, inner packet, inner addresses against the SA's
 *                selectors (the order of strongSwan's libipsec)               ESP_*, SELECTOR_MISMATCH
 *   4. deliver   the inner packet (TCP SYNs with their MSS clamped) to the SA's tunnel's TUN; one flush per
 *                batch of datagrams                                           TUN_WRITE_FAILED
 * </pre>
 * The datagram is released in {@code finally}; the decrypted packet is handed to the TUN device,
 * which owns it from then on, or released here when it is dropped.
 */
final class InboundHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(InboundHandler.class.getName());

    private final SaDatabase sas;
    private final DropCounters drops;
    private final boolean natT;
    private volatile IkeDatagramListener ike = IkeDatagramListener.NONE;
    /** Tunnels written to during this batch; flushed once at its end. Per handler, so per thread. */
    private final Set<TunnelPort> pendingFlush = Collections.newSetFromMap(new IdentityHashMap<>());
    private long keepalives;
    private long handoffs;
    /** For decrypted packets: a TUN device on this loop copies them into its frame and lets go at once. */
    private final LentBuffer decrypted = new LentBuffer();

    InboundHandler(SaDatabase sas, DropCounters drops, boolean natT) {
        this.sas = sas;
        this.drops = drops;
        this.natT = natT;
    }

    void setIkeListener(IkeDatagramListener listener) {
        this.ike = listener;
    }

    long keepalives() {
        return keepalives;
    }

    long handoffs() {
        return handoffs;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket dp)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            classify(ctx, dp);
        } finally {
            dp.release();
        }
    }

    private void classify(ChannelHandlerContext ctx, DatagramPacket dp) {
        ByteBuf c = dp.content();
        int len = c.readableBytes();
        if (!natT) {
            deliverIke(dp, c, 0);
            return;
        }
        if (len == 1 && c.getByte(c.readerIndex()) == (byte) 0xff) {
            keepalives++;
            return;
        }
        if (len < 4) {
            drops.increment(DropReason.UDP_MALFORMED);
            return;
        }
        int spi = c.getInt(c.readerIndex());
        if (spi == 0) {
            deliverIke(dp, c, 4);
            return;
        }
        esp(ctx, spi, c);
    }

    private void deliverIke(DatagramPacket dp, ByteBuf c, int skip) {
        byte[] message = new byte[c.readableBytes() - skip];
        c.getBytes(c.readerIndex() + skip, message);
        InetSocketAddress local = dp.recipient();
        ike.onIkeMessage(local, dp.sender(), message, natT);
    }

    private void esp(ChannelHandlerContext ctx, int spi, ByteBuf c) {
        InstalledSa sa = sas.inbound(spi);
        if (sa == null) {
            drops.increment(DropReason.ESP_UNKNOWN_SPI);
            return;
        }
        TunnelPort port = sa.port;
        if (port.tun.eventLoop() != ctx.channel().eventLoop()) handoffs++;
        ByteBuf inner = decrypted.lend(ctx.alloc(), c.readableBytes());
        boolean handedOff = false;
        try {
            DropReason r = EspCodec.open(sa.esp, c, inner);
            if (r != null) {
                drops.increment(r);
                port.counters.drops.increment();
                return;
            }
            int innerLen = inner.readableBytes();
            MssClamp.clamp(inner, port.mssIpv4, port.mssIpv6);
            handedOff = true;
            if (!port.tun.write(inner)) {
                drops.increment(DropReason.TUN_WRITE_FAILED);
                port.counters.drops.increment();
                return;
            }
            port.counters.received(innerLen);
            pendingFlush.add(port);
        } finally {
            if (!handedOff) inner.release();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        decrypted.release();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!pendingFlush.isEmpty()) {
            for (TunnelPort port : pendingFlush) port.tun.flush();
            pendingFlush.clear();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // UDP errors (ICMP unreachable reported on the socket, send failures) must not close it.
        drops.increment(DropReason.UDP_SEND_FAILED);
        LOG.log(System.Logger.Level.DEBUG, "UDP socket error on " + ctx.channel().localAddress() + ": " + cause);
    }
}

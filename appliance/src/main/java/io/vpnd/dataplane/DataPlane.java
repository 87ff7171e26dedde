package io.vpnd.dataplane;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vpnd.esp.ChildSaSpec;
import io.vpnd.esp.EspSa;
import io.vpnd.esp.SaDirection;
import io.vpnd.esp.SaEventListener;
import io.vpnd.esp.SaInstaller;
import io.vpnd.esp.SaStats;
import io.vpnd.tun.TunDevice;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The packet engine: Netty epoll event loops, the IKE and NAT-T UDP sockets, one TUN device per
 * tunnel, and the SA database that key management fills through {@link SaInstaller}.
 *
 * <p>Each event loop owns one NAT-T socket (SO_REUSEPORT when there are several) and some TUN
 * devices; a tunnel's outbound packets are sealed and sent on its TUN's loop, inbound ones are
 * opened on whichever loop's socket received them. IKE datagrams are copied out to the
 * {@link IkeDatagramListener}; IKE sends through {@link #sendIke}.
 */
public final class DataPlane implements SaInstaller, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DataPlane.class.getName());
    /** Large enough for any IKE message (IKE_AUTH with certificate chains) and jumbo ESP. */
    private static final int MAX_DATAGRAM = 65535;
    /**
     * Datagrams (with GRO: the packets in them) read per wake-up before the batch is flushed to the
     * TUN devices. Netty's allocator default is 1: one GRO batch per wake-up, so the coalescer could
     * never join the short tail of one UDP GSO run with the next run of the same TCP burst.
     */
    static final int MESSAGES_PER_READ = 128;

    private final DataPlaneOptions options;
    private final MultiThreadIoEventLoopGroup group;
    private final List<IoEventLoop> loops = new ArrayList<>();
    private final Map<EventLoop, Channel> natTByLoop = new ConcurrentHashMap<>();
    private final List<InboundHandler> handlers = new ArrayList<>();
    private final SaDatabase sas = new SaDatabase();
    private final Map<String, TunnelPort> ports = new ConcurrentHashMap<>();
    private final Map<OutboundKey, InstalledSa> outboundBySpi = new ConcurrentHashMap<>();
    private final DropCounters drops = new DropCounters();
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final boolean udpGso;
    private final boolean udpGro;
    private volatile SaEventListener saEvents = SaEventListener.NONE;
    /** The kernel picks the NAT-T socket (and so the loop) of an ESP packet by its SPI: {@link SpiSteering}. */
    private volatile boolean spiSteering;
    private Channel ikeChannel;
    private Channel natTPrimary;

    public DataPlane(DataPlaneOptions options) {
        this.options = options;
        // UDP GSO (Linux 4.18) and GRO (5.0) come together in practice: Netty probes GSO support
        this.udpGso = options.udpOffload() && EspSendBatch.supported();
        this.udpGro = udpGso;
        if (options.udpOffload() && !udpGso) {
            LOG.log(System.Logger.Level.WARNING, "UDP GSO not supported by this kernel: ESP packets go out one by one");
        }
        this.group = new MultiThreadIoEventLoopGroup(options.effectiveThreads(),
                new DefaultThreadFactory("vpnd-dataplane", true), EpollIoHandler.newFactory());
        group.forEach(e -> loops.add((IoEventLoop) e));
    }

    /** Binds the UDP sockets. Fails with a clear message when a port is taken. */
    public void start() throws InterruptedException {
        boolean reusePort = loops.size() > 1;
        for (IoEventLoop loop : loops) { // in loop order: the reuseport group's socket indexes
            Channel ch = bind(loop, options.natPort(), true, reusePort);
            natTByLoop.put(loop, ch);
            if (natTPrimary == null) natTPrimary = ch;
        }
        if (reusePort) {
            String failure = SpiSteering.attach(((EpollDatagramChannel) natTPrimary).fd().intValue(), loops.size());
            spiSteering = failure == null;
            if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, "inbound ESP is not steered to its tunnel's thread ("
                        + failure + "): packets cross threads before the TUN write");
            }
        }
        if (options.ikePort() > 0) {
            ikeChannel = bind(loops.get(0), options.ikePort(), false, false);
        }
        LOG.log(System.Logger.Level.INFO, "data plane on " + options.bindAddress().getHostAddress()
                + " IKE port " + (options.ikePort() > 0 ? options.ikePort() : "off")
                + ", NAT-T port " + options.natPort() + ", " + loops.size() + " thread(s)"
                + (udpGso ? ", UDP GSO/GRO on" : "") + (spiSteering ? ", inbound ESP steered by SPI" : ""));
    }

    private Channel bind(IoEventLoop loop, int port, boolean natT, boolean reusePort) throws InterruptedException {
        InboundHandler handler = new InboundHandler(sas, drops, natT);
        synchronized (handlers) {
            handlers.add(handler);
        }
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(EpollDatagramChannel.class)
                .option(ChannelOption.ALLOCATOR, alloc)
                .option(ChannelOption.SO_RCVBUF, options.socketBufferBytes())
                .option(ChannelOption.SO_SNDBUF, options.socketBufferBytes())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM)
                        .maxMessagesPerRead(MESSAGES_PER_READ))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .option(EpollChannelOption.IP_RECVORIGDSTADDR, true)
                .option(EpollChannelOption.SO_REUSEPORT, reusePort)
                .option(EpollChannelOption.UDP_GRO, udpGro && natT)
                .handler(handler);
        InetSocketAddress at = new InetSocketAddress(options.bindAddress(), port);
        try {
            return b.bind(at).sync().channel();
        } catch (Exception e) {
            throw new IllegalStateException("cannot bind UDP " + at + (natT ? " (NAT-T)" : " (IKE)") + ": "
                    + e.getMessage() + " — is another IKE daemon (strongSwan, libreswan, vpnd) running?", e);
        }
    }

    /** The event loop a new TUN device should be driven by (round robin). */
    public IoEventLoop nextLoop() {
        return loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size()));
    }

    /**
     * The event loop for the TUN device of a tunnel whose inbound SPI is fixed (manual keys): the
     * one whose socket the kernel hands that SPI to, so that its packets never cross threads.
     */
    public IoEventLoop loopForInboundSpi(int spi) {
        return spiSteering ? loops.get(SpiSteering.socketIndex(spi, loops.size())) : nextLoop();
    }

    /** Whether inbound ESP reaches the socket on its tunnel's loop by SPI ({@link SpiSteering}). */
    public boolean steersBySpi() {
        return spiSteering;
    }

    @Override
    public int steerInboundSpi(String tunnel, int spi) {
        TunnelPort port = ports.get(tunnel);
        if (!spiSteering || port == null) return spi;
        int index = loops.indexOf(port.tun.eventLoop());
        return index < 0 ? spi : SpiSteering.steer(spi, index, loops.size());
    }

    /** Routes IKE datagrams to the control plane from now on. */
    public void setIkeListener(IkeDatagramListener listener) {
        synchronized (handlers) {
            for (InboundHandler h : handlers) h.setIkeListener(listener);
        }
    }

    /**
     * Attaches a tunnel's TUN device: packets read from it go out through the tunnel's SAs,
     * packets of its inbound SAs are written to it.
     */
    public void attachTunnel(String tunnel, TunDevice tun) {
        attachTunnel(tunnel, tun, 0, 0);
    }

    /**
     * Attaches a tunnel whose TCP SYNs get their MSS clamped to {@code mssIpv4}/{@code mssIpv6}
     * in both directions (0 = leave alone).
     */
    public void attachTunnel(String tunnel, TunDevice tun, int mssIpv4, int mssIpv6) {
        Channel udp = natTByLoop.getOrDefault(tun.eventLoop(), natTPrimary);
        TunnelPort port = new TunnelPort(tunnel, tun, udp, mssIpv4, mssIpv6);
        if (ports.putIfAbsent(tunnel, port) != null) {
            throw new IllegalStateException("tunnel " + tunnel + " is already attached");
        }
        tun.start(new OutboundPipeline(port, drops, alloc, udpGso));
    }

    /** Detaches a tunnel: removes its SAs and closes its TUN device. */
    public void detachTunnel(String tunnel) {
        TunnelPort port = ports.remove(tunnel);
        if (port == null) return;
        for (InstalledSa sa : sas.allInbound()) {
            if (sa.port == port) sas.removeInbound(sa.esp.spi());
        }
        outboundBySpi.values().removeIf(sa -> sa.port == port);
        port.tun.close();
    }

    /** Counters of an attached tunnel, or null. */
    public TunnelCounters counters(String tunnel) {
        TunnelPort port = ports.get(tunnel);
        return port == null ? null : port.counters;
    }

    /** Drops across all tunnels, by reason. */
    public DropCounters drops() {
        return drops;
    }

    /** ESP packets opened on another thread than their tunnel's TUN device (steering missed or off). */
    public long inboundHandoffs() {
        long n = 0;
        synchronized (handlers) {
            for (InboundHandler h : handlers) n += h.handoffs();
        }
        return n;
    }

    /** NAT-T keepalives received. */
    public long keepalivesReceived() {
        long n = 0;
        synchronized (handlers) {
            for (InboundHandler h : handlers) n += h.keepalives();
        }
        return n;
    }

    /**
     * Sends an IKE message: on the IKE port as is, on the NAT-T port behind the non-ESP marker.
     * The source address is the one the kernel picks for {@code remote}.
     */
    public void sendIke(InetSocketAddress remote, byte[] message, boolean natT) {
        Channel ch = natT ? natTPrimary : ikeChannel;
        if (ch == null) throw new IllegalStateException("no " + (natT ? "NAT-T" : "IKE") + " socket");
        var buf = natT ? Unpooled.wrappedBuffer(new byte[4], message) : Unpooled.wrappedBuffer(message);
        ch.writeAndFlush(new DatagramPacket(buf, remote), ch.voidPromise());
    }

    /** Sends a NAT-T keepalive (one 0xFF octet, RFC 3948 §2.3) to keep a NAT mapping open. */
    public void sendNatKeepalive(InetSocketAddress remote) {
        natTPrimary.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(new byte[]{(byte) 0xff}), remote),
                natTPrimary.voidPromise());
    }

    @Override
    public void install(ChildSaSpec spec) {
        TunnelPort port = ports.get(spec.tunnel());
        if (port == null) throw new IllegalStateException("tunnel " + spec.tunnel() + " has no interface attached");
        // a forwarder, so that a listener set later reaches SAs installed earlier
        SaEventListener events = (tunnel, spi, direction, hard) -> saEvents.onExpire(tunnel, spi, direction, hard);
        InstalledSa sa = new InstalledSa(new EspSa(spec, events), spec, port);
        if (spec.direction() == SaDirection.INBOUND) {
            if (!sas.addInbound(sa)) {
                throw new IllegalStateException(String.format("inbound SPI 0x%08x is already installed", spec.spi()));
            }
        } else {
            outboundBySpi.put(new OutboundKey(spec.tunnel(), spec.spi()), sa);
            port.addOutbound(sa);
        }
        LOG.log(System.Logger.Level.DEBUG, "installed " + spec);
    }

    @Override
    public boolean updateEndpoints(String tunnel, int spi, SaDirection direction, InetSocketAddress local,
                                   InetSocketAddress remote) {
        InstalledSa sa = find(tunnel, spi, direction);
        if (sa == null) return false;
        sa.esp.updateEndpoints(local, remote);
        return true;
    }

    @Override
    public boolean remove(String tunnel, int spi, SaDirection direction) {
        if (direction == SaDirection.INBOUND) {
            InstalledSa in = sas.inbound(spi);
            return in != null && in.port.name.equals(tunnel) && sas.removeInbound(spi) != null;
        }
        InstalledSa sa = outboundBySpi.remove(new OutboundKey(tunnel, spi));
        return sa != null && sa.port.removeOutbound(spi);
    }

    @Override
    public Optional<SaStats> stats(String tunnel, int spi, SaDirection direction) {
        InstalledSa sa = find(tunnel, spi, direction);
        return sa == null ? Optional.empty() : Optional.of(sa.esp.stats());
    }

    @Override
    public void setEventListener(SaEventListener listener) {
        this.saEvents = listener;
    }

    private InstalledSa find(String tunnel, int spi, SaDirection direction) {
        if (direction == SaDirection.OUTBOUND) return outboundBySpi.get(new OutboundKey(tunnel, spi));
        InstalledSa sa = sas.inbound(spi);
        return sa != null && sa.port.name.equals(tunnel) ? sa : null;
    }

    /** Outbound SPIs are chosen by each peer, so they are unique only together with the tunnel. */
    private record OutboundKey(String tunnel, int spi) {
    }

    /** Closes every TUN device and socket and stops the event loops. */
    @Override
    public void close() {
        for (String t : new ArrayList<>(ports.keySet())) detachTunnel(t);
        natTByLoop.values().forEach(Channel::close);
        if (ikeChannel != null) ikeChannel.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

package io.vpnd.api;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.vpnd.net.HostPort;

/**
 * The HTTP machinery shared by the management API and the metrics endpoint: epoll listeners (Unix
 * socket or TCP, optionally TLS) with one pipeline, a bounded worker pool on which the endpoint
 * runs, and limits on connections, header and body sizes and idle time. Owns its event loop group
 * unless one is passed in.
 */
final class HttpFrontEnd implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(HttpFrontEnd.class.getName());

    static final int MAX_CONNECTIONS = 64;
    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADER_BYTES = 8192;
    /** Requests carry no meaningful body; anything bigger is refused with 413. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int IDLE_SECONDS = 60;

    private final String name;
    private final HttpEndpoint endpoint;
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final ExecutorService workers;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<Channel> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param name         thread name prefix and log label
     * @param endpoint     answers requests
     * @param sharedGroup  an epoll event loop group owned by the caller, or null to create one thread
     * @param workerThreads threads running {@code endpoint}, i.e. requests served concurrently
     * @param queuedRequests requests waiting for a worker before new ones get 503
     */
    HttpFrontEnd(String name, HttpEndpoint endpoint, EventLoopGroup sharedGroup,
                 int workerThreads, int queuedRequests) throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IOException(name + ": the epoll transport is not available: " + Epoll.unavailabilityCause());
        }
        this.name = name;
        this.endpoint = endpoint;
        this.ownsGroup = sharedGroup == null;
        this.group = ownsGroup
                ? new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(name + "-io", true),
                        EpollIoHandler.newFactory())
                : sharedGroup;
        this.workers = new ThreadPoolExecutor(workerThreads, workerThreads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queuedRequests), new DefaultThreadFactory(name + "-worker", true),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Listens on a Unix socket; the caller has made sure the path is free (see {@link UnixSocketFile}). */
    Channel bindUnix(Path socket) throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(EpollServerDomainSocketChannel.class)
                .childHandler(pipeline(null));
        return bind(bootstrap.bind(new DomainSocketAddress(socket.toString())), "unix:", socket);
    }

    /** Listens on TCP, with TLS when {@code tls} is not null. */
    Channel bindTcp(HostPort listen, SslContext tls) throws IOException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(pipeline(tls));
        return bind(bootstrap.bind(listen.toSocketAddress()), tls != null ? "https://" : "http://", listen);
    }

    private Channel bind(ChannelFuture future, String scheme, Object configured) throws IOException {
        future.awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new IOException(name + ": cannot listen on " + scheme + configured + ": "
                    + future.cause().getMessage(), future.cause());
        }
        listeners.add(future.channel());
        // the bound address, which has the real port when the configured one was 0
        Object bound = future.channel().localAddress() instanceof InetSocketAddress inet
                ? new HostPort(inet.getAddress(), inet.getPort())
                : configured;
        LOG.log(Level.INFO, "{0} listening on {1}{2}", name, scheme, bound);
        return future.channel();
    }

    private ChannelInitializer<Channel> pipeline(SslContext tls) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                if (connections.size() >= MAX_CONNECTIONS) {
                    LOG.log(Level.WARNING, "{0}: {1} connections open, refusing another", name, MAX_CONNECTIONS);
                    channel.close();
                    return;
                }
                connections.add(channel);
                ChannelPipeline pipeline = channel.pipeline();
                if (tls != null) {
                    pipeline.addLast("tls", tls.newHandler(channel.alloc()));
                }
                pipeline.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS));
                pipeline.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 8192));
                pipeline.addLast("aggregate", new HttpObjectAggregator(MAX_BODY_BYTES));
                pipeline.addLast("endpoint", new OffLoopHttpHandler(endpoint, workers));
            }
        };
    }

    /** Stops listening, closes open connections and stops the threads this front end started. */
    @Override
    public void close() {
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly();
        }
        listeners.clear();
        connections.close().awaitUninterruptibly();
        workers.shutdown();
        try {
            // let a reload in progress finish rather than interrupting it halfway
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}

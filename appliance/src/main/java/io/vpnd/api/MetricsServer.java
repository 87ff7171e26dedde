package io.vpnd.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.Supplier;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.vpnd.net.HostPort;

/**
 * The Prometheus endpoint: {@code GET /metrics} on {@code metrics.prometheus}, answering
 * {@code text/plain; version=0.0.4} with what the supplier returns, over plain HTTP or, with
 * {@code metrics.tls}, over HTTPS with required client certificates.
 *
 * <pre>
 *   MetricsServer metrics = MetricsServer.start(options.metricsListen(), options.metricsTls(), registry::scrape);
 * </pre>
 */
public final class MetricsServer implements AutoCloseable {

    /** Scrapes are cheap and each Prometheus server sends one at a time; others queue briefly. */
    static final int WORKER_THREADS = 1;
    static final int QUEUED_REQUESTS = 8;

    private final HttpFrontEnd frontEnd;
    private final InetSocketAddress address;

    private MetricsServer(HttpFrontEnd frontEnd, InetSocketAddress address) {
        this.frontEnd = frontEnd;
        this.address = address;
    }

    /** Starts on an event loop thread of its own. */
    public static MetricsServer start(HostPort listen, MutualTlsFiles tls, Supplier<String> scrape)
            throws IOException {
        return start(listen, tls, scrape, null);
    }

    /**
     * @param listen where to listen ({@code metrics.prometheus})
     * @param tls    {@code metrics.tls} files, or null for plain HTTP
     * @param scrape the exposition text, called on a worker thread per request
     * @param group  an epoll event loop group to share (not closed by {@link #close}), or null
     * @throws IOException with a message meant for the operator
     */
    public static MetricsServer start(HostPort listen, MutualTlsFiles tls, Supplier<String> scrape,
                                      EventLoopGroup group) throws IOException {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(scrape, "scrape");
        SslContext sslContext = tls == null ? null : MutualTls.serverContext(tls, "metrics.tls");
        HttpFrontEnd frontEnd = new HttpFrontEnd("vpnd-metrics", new MetricsEndpoint(scrape), group,
                WORKER_THREADS, QUEUED_REQUESTS);
        try {
            Channel channel = frontEnd.bindTcp(listen, sslContext);
            return new MetricsServer(frontEnd, (InetSocketAddress) channel.localAddress());
        } catch (IOException | RuntimeException e) {
            frontEnd.close();
            throw e;
        }
    }

    /** The bound address (with the actual port when configured as 0). */
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        frontEnd.close();
    }
}

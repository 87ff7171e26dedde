package io.vpnd.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.util.Objects;
import java.util.Optional;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;

/**
 * The management API of a running vpnd: JSON over HTTP/1.1 on a Unix socket for the local vpnctl
 * and, optionally, over HTTPS with required client certificates for remote tools. Both listeners
 * serve the same routes (see {@link ManagementRoutes}) on top of one {@link ManagementService}.
 *
 * <pre>
 *   ManagementApiServer api = ManagementApiServer.start(options, service);
 *   …
 *   api.close();   // stops listening, removes the socket file
 * </pre>
 */
public final class ManagementApiServer implements AutoCloseable {

    /** Concurrent {@link ManagementService} calls; a slow reload leaves the other for status. */
    static final int WORKER_THREADS = 2;
    /** Requests queued behind busy workers before new ones are answered 503. */
    static final int QUEUED_REQUESTS = 32;

    private final HttpFrontEnd frontEnd;
    private final Path socket;
    private final InetSocketAddress httpsAddress;

    private ManagementApiServer(HttpFrontEnd frontEnd, Path socket, InetSocketAddress httpsAddress) {
        this.frontEnd = frontEnd;
        this.socket = socket;
        this.httpsAddress = httpsAddress;
    }

    /** Starts both listeners on an event loop thread of its own. */
    public static ManagementApiServer start(ApiOptions options, ManagementService service) throws IOException {
        return start(options, service, null);
    }

    /**
     * Starts the Unix socket listener and, when configured, the HTTPS one. Configuration problems
     * (unreadable PEM, unknown group, socket in use by a live daemon) fail before anything listens,
     * with a message that names the config key; nothing is left behind on failure.
     *
     * @param group an epoll event loop group to share (not closed by {@link #close}), or null
     * @throws IOException with a message meant for the operator
     */
    public static ManagementApiServer start(ApiOptions options, ManagementService service, EventLoopGroup group)
            throws IOException {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(service, "service");
        GroupPrincipal socketGroup = options.socketGroup() == null ? null
                : UnixSocketFile.lookupGroup(options.socketGroup());
        SslContext tls = options.httpsTls() == null ? null
                : MutualTls.serverContext(options.httpsTls(), "api.https");
        Path socket = options.socket();
        UnixSocketFile.prepare(socket);

        HttpFrontEnd frontEnd = new HttpFrontEnd("vpnd-api", new ManagementRoutes(service), group,
                WORKER_THREADS, QUEUED_REQUESTS);
        boolean bound = false;
        boolean started = false;
        try {
            frontEnd.bindUnix(socket);
            bound = true;
            UnixSocketFile.secure(socket, socketGroup);
            InetSocketAddress httpsAddress = null;
            if (options.httpsListen() != null) {
                Channel https = frontEnd.bindTcp(options.httpsListen(), tls);
                httpsAddress = (InetSocketAddress) https.localAddress();
            }
            started = true;
            return new ManagementApiServer(frontEnd, socket, httpsAddress);
        } finally {
            if (!started) {
                frontEnd.close();
                if (bound) { // otherwise the file, if any, is not ours
                    UnixSocketFile.delete(socket);
                }
            }
        }
    }

    /** The Unix socket vpnctl connects to. */
    public Path socket() {
        return socket;
    }

    /** Where HTTPS listens (with the actual port when configured as 0), if configured. */
    public Optional<InetSocketAddress> httpsAddress() {
        return Optional.ofNullable(httpsAddress);
    }

    /** Stops listening, closes connections (after up to 5 s for calls in progress), removes the socket. */
    @Override
    public void close() {
        frontEnd.close();
        UnixSocketFile.delete(socket);
    }
}

package io.vpnd.api;

import java.lang.System.Logger.Level;
import java.security.Principal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Hands each aggregated request to an {@link HttpEndpoint} on a worker thread and writes the answer
 * back on the event loop. One request per connection is in flight at a time: reading pauses until
 * the answer is written, and pipelined requests already decoded wait in a small queue, so answers
 * leave in request order. One instance per channel.
 *
 * <p>Buffers: the request is released by {@link SimpleChannelInboundHandler} after
 * {@link #channelRead0}, which copies out what the endpoint needs; the response's buffer wraps a
 * heap array and is released by the encoder after it is written.
 */
final class OffLoopHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final System.Logger LOG = System.getLogger(OffLoopHttpHandler.class.getName());
    /** Pipelined requests beyond this many mean a misbehaving client: close. */
    private static final int MAX_PIPELINED = 8;

    private record Pending(HttpCall call, boolean keepAlive, HttpVersion version) {
    }

    private final HttpEndpoint endpoint;
    private final Executor workers;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private boolean busy;
    private String peer;

    OffLoopHttpHandler(HttpEndpoint endpoint, Executor workers) {
        this.endpoint = endpoint;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpCall call;
        try {
            if (!request.decoderResult().isSuccess()) {
                throw new IllegalArgumentException("malformed request: " + request.decoderResult().cause());
            }
            call = toCall(ctx.channel(), request);
        } catch (IllegalArgumentException e) {
            if (busy) {
                ctx.close(); // an answer now would overtake the one in flight
            } else {
                writeAnswer(ctx, endpoint.failure(400, "bad request"), false, request.protocolVersion());
            }
            return;
        }
        Pending pending = new Pending(call, HttpUtil.isKeepAlive(request), request.protocolVersion());
        if (!busy) {
            start(ctx, pending);
        } else if (waiting.size() < MAX_PIPELINED) {
            waiting.add(pending);
        } else {
            ctx.close();
        }
    }

    private void start(ChannelHandlerContext ctx, Pending pending) {
        busy = true;
        ctx.channel().config().setAutoRead(false);
        try {
            workers.execute(() -> {
                HttpAnswer answer = answer(pending.call());
                try {
                    ctx.executor().execute(() -> finish(ctx, pending, answer));
                } catch (RejectedExecutionException e) {
                    // Event loop shutting down: the connection goes with it.
                }
            });
        } catch (RejectedExecutionException e) {
            finish(ctx, pending, endpoint.failure(503, "vpnd is busy: too many management requests in flight, retry"));
        }
    }

    private HttpAnswer answer(HttpCall call) {
        try {
            return endpoint.answer(call);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "management request " + call.method() + " " + call.path() + " failed", e);
            return endpoint.failure(500, "internal error: " + e);
        }
    }

    private void finish(ChannelHandlerContext ctx, Pending pending, HttpAnswer answer) {
        boolean keepAlive = pending.keepAlive() && ctx.channel().isActive();
        writeAnswer(ctx, answer, keepAlive, pending.version());
        if (!keepAlive) {
            return;
        }
        busy = false;
        Pending next = waiting.poll();
        if (next != null) {
            start(ctx, next);
        } else {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private static void writeAnswer(ChannelHandlerContext ctx, HttpAnswer answer, boolean keepAlive,
                                    HttpVersion version) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                version == HttpVersion.HTTP_1_0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            response.headers().set(header.getKey(), header.getValue());
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private HttpCall toCall(Channel channel, FullHttpRequest request) {
        String rawPath = new QueryStringDecoder(request.uri()).rawPath();
        if (!rawPath.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /");
        }
        List<String> segments = new ArrayList<>();
        // limit -1 keeps empty segments, so "/v1/status/" and "/v1//status" match nothing
        for (String raw : rawPath.substring(1).split("/", -1)) {
            segments.add(QueryStringDecoder.decodeComponent(raw));
        }
        return new HttpCall(request.method().name(), List.copyOf(segments), rawPath, peer(channel));
    }

    private String peer(Channel channel) {
        if (peer == null) {
            peer = describePeer(channel);
        }
        return peer;
    }

    private static String describePeer(Channel channel) {
        if (channel instanceof EpollDomainSocketChannel unix) {
            try {
                PeerCredentials credentials = unix.peerCredentials();
                return "uid=" + credentials.uid() + " pid=" + credentials.pid();
            } catch (java.io.IOException e) {
                return "local (no peer credentials)";
            }
        }
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls != null) {
            try {
                Principal subject = tls.engine().getSession().getPeerPrincipal();
                return "'" + subject.getName() + "' at " + channel.remoteAddress();
            } catch (SSLPeerUnverifiedException e) {
                return "unverified at " + channel.remoteAddress();
            }
        }
        return String.valueOf(channel.remoteAddress());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        // An idle keep-alive connection is closed; one waiting for a slow reload is not idle.
        if (event instanceof IdleStateEvent && !busy) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause.getCause() instanceof SSLException tls) {
            // Refused clients (no certificate, wrong CA) land here: worth an audit line.
            LOG.log(Level.INFO, "TLS handshake with {0} failed: {1}", ctx.channel().remoteAddress(), tls.getMessage());
        } else {
            LOG.log(Level.DEBUG, "management connection " + ctx.channel() + " failed", cause);
        }
        ctx.close();
    }
}

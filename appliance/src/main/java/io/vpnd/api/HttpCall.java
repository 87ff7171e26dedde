package io.vpnd.api;

import java.util.List;

/**
 * One HTTP request as an endpoint sees it, copied out of Netty's buffers so that it can cross to a
 * worker thread without reference counting.
 *
 * @param method   request method, upper case
 * @param segments decoded path segments ({@code /v1/tunnels/a%2Fb/up} gives {@code [v1, tunnels, a/b, up]})
 * @param path     raw path as requested, for messages
 * @param peer     who is asking (Unix peer credentials or TLS client subject), for audit logs
 */
record HttpCall(String method, List<String> segments, String path, String peer) {
}

package io.vpnd.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * A one-request HTTP/1.1 client over vpnd's Unix socket ({@code Connection: close}), with a deadline
 * for the whole exchange and messages that say why vpnd cannot be reached: no socket (not running),
 * permission denied (not root or in the socket's group), refused (stale socket of a stopped vpnd).
 */
final class UnixSocketApiClient implements ApiClient {

    private final Path socket;
    private final Duration timeout;

    UnixSocketApiClient(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    @Override
    public ApiResponse send(String method, String path) throws VpnctlException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                // a local connect completes at once (or fails): no need for a non-blocking one
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new VpnctlException(explainConnectFailure(socket, e), e);
            }
            channel.configureBlocking(false);
            try (Selector selector = Selector.open()) {
                SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
                write(channel, selector, key, request(method, path), deadline);
                return read(channel, selector, key, deadline);
            }
        } catch (IOException e) {
            throw new VpnctlException("lost the connection to vpnd at " + socket + ": " + e.getMessage(), e);
        }
    }

    static byte[] request(String method, String path) {
        String head = method + " " + path + " HTTP/1.1\r\n"
                + "Host: vpnd\r\n"
                + "User-Agent: vpnctl\r\n"
                + "Accept: application/json\r\n"
                + ("POST".equals(method) ? "Content-Length: 0\r\n" : "")
                + "Connection: close\r\n\r\n";
        return head.getBytes(StandardCharsets.US_ASCII);
    }

    private void write(SocketChannel channel, Selector selector, SelectionKey key, byte[] request, long deadline)
            throws IOException, VpnctlException {
        ByteBuffer out = ByteBuffer.wrap(request);
        while (out.hasRemaining()) {
            await(selector, deadline);
            channel.write(out);
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    private ApiResponse read(SocketChannel channel, Selector selector, SelectionKey key, long deadline)
            throws IOException, VpnctlException {
        byte[] data = new byte[16 * 1024];
        int length = 0;
        ByteBuffer chunk = ByteBuffer.allocate(16 * 1024);
        while (true) {
            await(selector, deadline);
            int n = channel.read(chunk);
            boolean eof = n < 0;
            if (n > 0) {
                if (length + n > HttpResponseParser.MAX_RESPONSE_BYTES) {
                    throw new VpnctlException("unexpected answer from vpnd at " + socket + " (too large)");
                }
                if (length + n > data.length) {
                    data = Arrays.copyOf(data, Math.max(data.length * 2, length + n));
                }
                System.arraycopy(chunk.array(), 0, data, length, n);
                length += n;
                chunk.clear();
            }
            if (n != 0) {
                ApiResponse response = HttpResponseParser.parse(data, length, eof);
                if (response != null) {
                    return response;
                }
            }
        }
    }

    private void await(Selector selector, long deadline) throws IOException, VpnctlException {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new VpnctlException("vpnd at " + socket + " did not answer within " + timeout.toSeconds()
                        + " s (a reload may still be running: check journalctl -u vpnd)");
            }
            if (selector.select(Math.max(1, left / 1_000_000)) > 0) {
                selector.selectedKeys().clear();
                return;
            }
        }
    }

    /** Turns a failed connect into what the admin should do about it. */
    static String explainConnectFailure(Path socket, IOException e) {
        String reason = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        boolean exists = Files.exists(socket, LinkOption.NOFOLLOW_LINKS);
        boolean missing = Files.notExists(socket, LinkOption.NOFOLLOW_LINKS);
        // the JDK reports EACCES on connect as a BindException: go by errno text and by access(2)
        if (reason.contains("permission denied") || (!exists && !missing)
                || (exists && !Files.isWritable(socket))) {
            return "permission denied on " + socket + ": run as root or as a member of the socket's group"
                    + groupHint(socket);
        }
        if (missing) {
            return "cannot reach vpnd at " + socket + " (no such file): is vpnd running? (systemctl status vpnd)";
        }
        if (e instanceof ConnectException) {
            if (!isSocket(socket)) {
                return "cannot reach vpnd at " + socket + ": it is not a socket (wrong --socket?)";
            }
            return "vpnd is not running: " + socket + " exists but nothing listens on it (left behind by a "
                    + "stopped vpnd); start it with: systemctl start vpnd";
        }
        return "cannot reach vpnd at " + socket + ": " + e.getMessage();
    }

    private static boolean isSocket(Path path) {
        try {
            return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        } catch (IOException | UnsupportedOperationException e) {
            return true; // cannot tell: assume it is, and say the likelier thing
        }
    }

    private static String groupHint(Path socket) {
        try {
            String group = Files.readAttributes(socket, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .group().getName();
            return " (" + group + ")";
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }
}

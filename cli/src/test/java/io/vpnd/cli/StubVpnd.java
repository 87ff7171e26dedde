package io.vpnd.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK-only stand-in for vpnd's management socket: answers canned HTTP responses by request line,
 * one request per connection, and records what it was asked. (The cli module cannot use the real
 * server, which lives in the appliance module.)
 */
final class StubVpnd implements AutoCloseable {

    /** @param chunked send the body with Transfer-Encoding: chunked instead of Content-Length */
    record Canned(int status, String body, boolean chunked) {
    }

    final Map<String, Canned> answers = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread thread;

    StubVpnd(Path socket) throws IOException {
        this.socket = socket;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = new Thread(this::serve, "stub-vpnd");
        thread.setDaemon(true);
        thread.start();
    }

    StubVpnd answer(String requestLine, int status, String body) {
        answers.put(requestLine, new Canned(status, body, false));
        return this;
    }

    StubVpnd answerChunked(String requestLine, int status, String body) {
        answers.put(requestLine, new Canned(status, body, true));
        return this;
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel connection = server.accept()) {
                String head = readHead(connection);
                String requestLine = head.substring(0, head.indexOf("\r\n"));
                String withoutVersion = requestLine.substring(0, requestLine.lastIndexOf(' '));
                requests.add(head);
                Canned canned = answers.getOrDefault(withoutVersion,
                        new Canned(404, "{\"error\":\"no such endpoint: " + withoutVersion + "\"}", false));
                write(connection, response(canned));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // one bad exchange: keep serving
            }
        }
    }

    private static String readHead(SocketChannel connection) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        while (!head.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n") && head.size() < 65536) {
            buffer.clear();
            if (connection.read(buffer) < 0) {
                break;
            }
            head.write(buffer.array(), 0, buffer.position());
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static byte[] response(Canned canned) {
        byte[] body = canned.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 " + canned.status() + " X\r\n"
                + "Content-Type: application/json\r\nConnection: close\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (canned.chunked()) {
            head.append("Transfer-Encoding: chunked\r\n\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
            // uneven chunks, one with an extension, to exercise the parser
            int pos = 0;
            int size = 7;
            while (pos < body.length) {
                int n = Math.min(size, body.length - pos);
                out.writeBytes((Integer.toHexString(n) + (size == 7 ? ";ext=1" : "") + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body, pos, n);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                pos += n;
                size = size * 3;
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } else {
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static void write(SocketChannel connection, byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            connection.write(out);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(socket);
    }
}

package io.vpnd.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A minimal HTTP/1.1 client over a Unix socket for tests: one request, Connection: close. */
final class UnixHttp {

    record Response(int status, Map<String, String> headers, String body) {
    }

    private UnixHttp() {
    }

    static Response request(Path socket, String method, String path) throws IOException {
        String raw = exchange(socket, method + " " + path + " HTTP/1.1\r\nHost: vpnd\r\nConnection: close\r\n"
                + "Content-Length: 0\r\n\r\n");
        return parse(raw);
    }

    /** Writes {@code request} verbatim and returns everything read until the server closes. */
    static String exchange(Path socket, String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) >= 0) {
                in.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return in.toString(StandardCharsets.UTF_8);
        }
    }

    static Response parse(String raw) {
        int headerEnd = raw.indexOf("\r\n\r\n");
        String[] lines = raw.substring(0, headerEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Response(status, headers, raw.substring(headerEnd + 4));
    }
}

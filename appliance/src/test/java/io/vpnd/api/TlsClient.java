package io.vpnd.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** One HTTPS request over a raw {@link SSLSocket}, so tests see exactly where a handshake fails. */
final class TlsClient {

    private TlsClient() {
    }

    /**
     * Only the handshake. A refused client sees an alert or, when the server closes first, a
     * broken pipe: either way an IOException out of {@code startHandshake}.
     */
    static void handshake(SSLContext context, InetSocketAddress server, String protocol) throws IOException {
        try (SSLSocket socket = open(context, server, protocol)) {
            socket.startHandshake();
        }
    }

    /** @param protocol "TLSv1.3" or "TLSv1.2" */
    static UnixHttp.Response get(SSLContext context, InetSocketAddress server, String path, String protocol)
            throws IOException {
        try (SSLSocket socket = open(context, server, protocol)) {
            socket.startHandshake();
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String raw = all.toString(StandardCharsets.UTF_8);
            if (raw.isEmpty()) {
                throw new IOException("connection closed without a response");
            }
            return UnixHttp.parse(raw);
        }
    }

    private static SSLSocket open(SSLContext context, InetSocketAddress server, String protocol) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", server.getPort());
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(new String[] {protocol});
        parameters.setEndpointIdentificationAlgorithm("HTTPS"); // check the server cert names 127.0.0.1
        socket.setSSLParameters(parameters);
        return socket;
    }
}

package io.vpnd.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses an HTTP/1.1 response from the bytes read so far: status line, headers, and a body framed by
 * {@code Transfer-Encoding: chunked}, {@code Content-Length}, or the end of the connection. Returns
 * null while the response is incomplete, so the reader knows to read on.
 */
final class HttpResponseParser {

    /** vpnd's answers are small; a bigger one means something else is on the socket. */
    static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    private HttpResponseParser() {
    }

    /**
     * @param data bytes received so far
     * @param eof  whether the peer has closed: an unframed body ends here, a framed one must be complete
     * @return the response, or null if more bytes are needed
     * @throws VpnctlException if the bytes are not an HTTP response, or end too early
     */
    static ApiResponse parse(byte[] data, int length, boolean eof) throws VpnctlException {
        int headerEnd = indexOf(data, length, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (headerEnd < 0) {
            if (eof) {
                throw malformed(length == 0 ? "connection closed without an answer" : "incomplete headers");
            }
            return null;
        }
        String[] lines = new String(data, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = statusCode(lines[0]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw malformed("bad header line '" + lines[i] + "'");
            }
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        int bodyStart = headerEnd + 4;
        String transferEncoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        byte[] body;
        if (transferEncoding.endsWith("chunked")) {
            body = dechunk(data, length, bodyStart);
        } else if (headers.containsKey("content-length")) {
            long contentLength = contentLength(headers.get("content-length"));
            if (length - bodyStart < contentLength) {
                body = null;
            } else {
                body = slice(data, bodyStart, (int) contentLength);
            }
        } else {
            body = eof ? slice(data, bodyStart, length - bodyStart) : null;
        }
        if (body == null) {
            if (eof) {
                throw malformed("connection closed in the middle of the body");
            }
            return null;
        }
        return new ApiResponse(status, Map.copyOf(headers), body);
    }

    private static int statusCode(String statusLine) throws VpnctlException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw malformed("not an HTTP/1.x status line: '" + abbreviate(statusLine) + "'");
        }
        try {
            int status = Integer.parseInt(parts[1]);
            if (status < 100 || status > 599) {
                throw malformed("status out of range: " + status);
            }
            return status;
        } catch (NumberFormatException e) {
            throw malformed("bad status code '" + parts[1] + "'");
        }
    }

    private static long contentLength(String value) throws VpnctlException {
        try {
            long n = Long.parseLong(value);
            if (n < 0 || n > MAX_RESPONSE_BYTES) {
                throw malformed("Content-Length out of range: " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw malformed("bad Content-Length '" + value + "'");
        }
    }

    /** The de-chunked body, or null if the last chunk has not arrived yet. */
    private static byte[] dechunk(byte[] data, int length, int start) throws VpnctlException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int pos = start;
        while (true) {
            int lineEnd = indexOf(data, length, new byte[] {'\r', '\n'}, pos);
            if (lineEnd < 0) {
                return null;
            }
            String sizeLine = new String(data, pos, lineEnd - pos, StandardCharsets.US_ASCII);
            int semicolon = sizeLine.indexOf(';'); // chunk extensions carry nothing we need
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw malformed("bad chunk size '" + abbreviate(sizeLine) + "'");
            }
            if (size < 0 || body.size() + (long) size > MAX_RESPONSE_BYTES) {
                throw malformed("chunk size out of range");
            }
            pos = lineEnd + 2;
            if (size == 0) {
                // trailers, if any, end with an empty line; we ignore them
                int trailerEnd = indexOf(data, length, new byte[] {'\r', '\n'}, pos);
                while (trailerEnd > pos) {
                    pos = trailerEnd + 2;
                    trailerEnd = indexOf(data, length, new byte[] {'\r', '\n'}, pos);
                }
                return trailerEnd < 0 ? null : body.toByteArray();
            }
            if (length - pos < size + 2) {
                return null;
            }
            body.write(data, pos, size);
            pos += size;
            if (data[pos] != '\r' || data[pos + 1] != '\n') {
                throw malformed("chunk not followed by CRLF");
            }
            pos += 2;
        }
    }

    private static int indexOf(byte[] data, int length, byte[] needle, int from) {
        outer:
        for (int i = from; i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] slice(byte[] data, int from, int count) {
        byte[] out = new byte[count];
        System.arraycopy(data, from, out, 0, count);
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }

    private static VpnctlException malformed(String what) {
        return new VpnctlException("unexpected answer from vpnd (not valid HTTP: " + what + ")");
    }
}

package io.vpnd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Framing of the tiny HTTP client's responses, fed the way a socket delivers them: a prefix at a time. */
class HttpResponseParserTest {

    private static ApiResponse parse(String raw, boolean eof) throws VpnctlException {
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        return HttpResponseParser.parse(bytes, bytes.length, eof);
    }

    /** Every strict prefix is incomplete; the whole is the answer. */
    private static ApiResponse parseIncrementally(String raw) throws VpnctlException {
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        for (int n = 0; n < bytes.length; n++) {
            assertNull(HttpResponseParser.parse(bytes, n, false), "prefix of " + n + " bytes");
        }
        return HttpResponseParser.parse(bytes, bytes.length, false);
    }

    @Test
    void contentLength() throws VpnctlException {
        ApiResponse r = parseIncrementally("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Content-Length: 11\r\n\r\n{\"a\":\"é1\"}");
        assertEquals(200, r.status());
        assertEquals("application/json", r.headers().get("content-type"));
        assertEquals("{\"a\":\"é1\"}", r.bodyText());
    }

    @Test
    void chunkedWithExtensionsAndTrailers() throws VpnctlException {
        ApiResponse r = parseIncrementally("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;name=x\r\n{\"er\r\n"
                + "B\r\nror\":\"gone\"\r\n"
                + "1\r\n}\r\n"
                + "0\r\nX-Trailer: 1\r\n\r\n");
        assertEquals(404, r.status());
        assertEquals("{\"error\":\"gone\"}", r.bodyText());
    }

    @Test
    void bodyUntilCloseWhenUnframed() throws VpnctlException {
        assertNull(parse("HTTP/1.0 200 OK\r\n\r\n{\"x\":", false));
        assertEquals("{\"x\":1}", parse("HTTP/1.0 200 OK\r\n\r\n{\"x\":1}", true).bodyText());
    }

    @Test
    void truncatedOrForeignAnswersAreErrors() {
        assertEquals("unexpected answer from vpnd (not valid HTTP: connection closed without an answer)",
                assertThrows(VpnctlException.class, () -> parse("", true)).getMessage());
        assertTrue(assertThrows(VpnctlException.class,
                () -> parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}", true)).getMessage()
                .contains("closed in the middle of the body"));
        assertTrue(assertThrows(VpnctlException.class, () -> parse("SSH-2.0-OpenSSH_9.2\r\n\r\n", false))
                .getMessage().contains("not an HTTP/1.x status line"));
        assertTrue(assertThrows(VpnctlException.class,
                () -> parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false)).getMessage()
                .contains("bad chunk size"));
        assertTrue(assertThrows(VpnctlException.class,
                () -> parse("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", false)).getMessage()
                .contains("Content-Length out of range"));
    }
}

package io.vpnd.cli;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An HTTP response from vpnd.
 *
 * @param status  HTTP status code
 * @param headers header names in lower case; a repeated header keeps its last value
 * @param body    the body, de-chunked
 */
record ApiResponse(int status, Map<String, String> headers, byte[] body) {

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}

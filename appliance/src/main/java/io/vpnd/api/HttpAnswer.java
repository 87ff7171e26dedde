package io.vpnd.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What an endpoint answers: status, content type, body and any extra headers (e.g. {@code Allow}).
 */
record HttpAnswer(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    static HttpAnswer text(int status, String body) {
        return new HttpAnswer(status, TEXT_PLAIN, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    HttpAnswer withHeader(String name, String value) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(headers);
        merged.put(name, value);
        return new HttpAnswer(status, contentType, body, Map.copyOf(merged));
    }
}

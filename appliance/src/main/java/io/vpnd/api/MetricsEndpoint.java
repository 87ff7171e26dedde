package io.vpnd.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/** {@code GET /metrics}: the Prometheus text exposition from a supplier (e.g. a registry's scrape). */
final class MetricsEndpoint implements HttpEndpoint {

    /** Prometheus text exposition format 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<String> scrape;

    MetricsEndpoint(Supplier<String> scrape) {
        this.scrape = scrape;
    }

    @Override
    public HttpAnswer answer(HttpCall call) {
        if (!call.segments().equals(java.util.List.of("metrics"))) {
            return HttpAnswer.text(404, "not found; metrics are at /metrics\n");
        }
        if (!call.method().equals("GET")) {
            return HttpAnswer.text(405, "method not allowed; use GET\n").withHeader("Allow", "GET");
        }
        return new HttpAnswer(200, CONTENT_TYPE, scrape.get().getBytes(StandardCharsets.UTF_8), Map.of());
    }
}

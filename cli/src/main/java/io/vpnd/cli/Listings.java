package io.vpnd.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Renders the API's JSON listings as tables. Reads fields by name from the JSON tree rather than
 * into classes, so a newer vpnd with more fields (or an older one with fewer) still renders; a
 * missing value shows as {@code -}.
 */
final class Listings {

    static final String NONE = "-";

    private Listings() {
    }

    /** {@code GET /v1/status}. */
    static String tunnels(JsonNode body, Instant now) {
        JsonNode tunnels = body.path("tunnels");
        if (tunnels.size() == 0) {
            return "no tunnels configured\n";
        }
        TextTable table = new TextTable("TUNNEL", "STATE", "SINCE", "REMOTE", "IFACE", "IN", "OUT",
                "PKT-IN", "PKT-OUT", "DROPS", "SAS", "REASON")
                .alignRight("IN", "OUT", "PKT-IN", "PKT-OUT", "DROPS", "SAS");
        for (JsonNode t : tunnels) {
            Duration since = HumanFormat.since(text(t, "since"), now);
            table.row(text(t, "name"), text(t, "state"),
                    since == null ? NONE : HumanFormat.duration(since) + " ago",
                    text(t, "remoteAddress"), text(t, "interfaceName"),
                    bytes(t, "bytesIn"), bytes(t, "bytesOut"), count(t, "packetsIn"), count(t, "packetsOut"),
                    count(t, "drops"), count(t, "childSas"), text(t, "reason"));
        }
        return table.render();
    }

    /** {@code GET /v1/sas}. */
    static String sas(JsonNode body, Instant now) {
        JsonNode sas = body.path("sas");
        if (sas.size() == 0) {
            return "no SAs\n";
        }
        TextTable table = new TextTable("TUNNEL", "KIND", "STATE", "SPI-IN", "SPI-OUT", "ALGORITHMS", "AGE",
                "REKEY-IN", "IN", "OUT", "PKT-IN", "PKT-OUT", "SELECTORS")
                .alignRight("AGE", "REKEY-IN", "IN", "OUT", "PKT-IN", "PKT-OUT");
        for (JsonNode sa : sas) {
            Duration age = HumanFormat.since(text(sa, "established"), now);
            JsonNode rekey = sa.path("rekeyInSeconds");
            table.row(text(sa, "tunnel"), text(sa, "kind"), text(sa, "state"), text(sa, "spiIn"),
                    text(sa, "spiOut"), text(sa, "algorithms"), age == null ? NONE : HumanFormat.duration(age),
                    rekey.isNumber() && rekey.asLong() >= 0 ? HumanFormat.duration(Duration.ofSeconds(rekey.asLong()))
                            : NONE,
                    bytes(sa, "bytesIn"), bytes(sa, "bytesOut"), count(sa, "packetsIn"), count(sa, "packetsOut"),
                    selectors(sa));
        }
        return table.render();
    }

    /** {@code GET /v1/routes}. */
    static String routes(JsonNode body) {
        JsonNode routes = body.path("routes");
        if (routes.size() == 0) {
            return "no routes\n";
        }
        TextTable table = new TextTable("DESTINATION", "TUNNEL", "IFACE", "METRIC", "INSTALLED", "CANDIDATES")
                .alignRight("METRIC");
        for (JsonNode r : routes) {
            JsonNode installed = r.path("installed");
            table.row(text(r, "destination"), text(r, "tunnel"), text(r, "interfaceName"), text(r, "metric"),
                    installed.isBoolean() ? (installed.asBoolean() ? "yes" : "no") : NONE,
                    join(r.path("candidates"), ","));
        }
        return table.render();
    }

    /** strongSwan's notation: {@code local === remote}. */
    private static String selectors(JsonNode sa) {
        String local = join(sa.path("localSelectors"), ",");
        String remote = join(sa.path("remoteSelectors"), ",");
        return local.equals(NONE) && remote.equals(NONE) ? NONE : local + " === " + remote;
    }

    private static String join(JsonNode array, String separator) {
        List<String> parts = new ArrayList<>();
        for (JsonNode item : array) {
            parts.add(item.asText());
        }
        return parts.isEmpty() ? NONE : String.join(separator, parts);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() || value.asText().isEmpty() ? NONE : value.asText();
    }

    private static String bytes(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? HumanFormat.bytes(value.asLong()) : NONE;
    }

    private static String count(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? HumanFormat.count(value.asLong()) : NONE;
    }
}

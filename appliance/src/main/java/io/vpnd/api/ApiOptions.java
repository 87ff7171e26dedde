package io.vpnd.api;

import java.nio.file.Path;
import java.util.Objects;

import io.vpnd.net.HostPort;

/**
 * Where and how the management API and the Prometheus endpoint listen. The daemon maps the YAML
 * keys named below onto this record; the constructor rejects incomplete combinations with a
 * message naming those keys.
 *
 * @param socket       {@code api.socket}: Unix socket of the local API (vpnctl)
 * @param socketGroup  {@code api.group}: group that may use the socket, or null to keep the daemon's
 * @param httpsListen  {@code api.https.listen}: HTTPS listener of the remote API, or null for none
 * @param httpsTls     {@code api.https.{cert,key,clientCa}}: required when {@code httpsListen} is set
 * @param metricsListen {@code metrics.prometheus}: listener of {@code GET /metrics}, or null for none
 * @param metricsTls   {@code metrics.tls.{cert,key,clientCa}}: null to serve metrics over plain HTTP
 */
public record ApiOptions(Path socket, String socketGroup,
                         HostPort httpsListen, MutualTlsFiles httpsTls,
                         HostPort metricsListen, MutualTlsFiles metricsTls) {

    /** Where vpnctl looks when neither {@code --socket} nor {@code VPND_SOCKET} says otherwise. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/vpnd/vpnd.sock");

    public ApiOptions {
        Objects.requireNonNull(socket, "api.socket");
        if (socketGroup != null && socketGroup.isBlank()) {
            throw new IllegalArgumentException("api.group: must not be blank (omit it to keep the daemon's group)");
        }
        if (httpsListen != null && httpsTls == null) {
            throw new IllegalArgumentException(
                    "api.https.listen is set but api.https.cert, api.https.key and api.https.clientCa are not");
        }
        if (httpsListen == null && httpsTls != null) {
            throw new IllegalArgumentException("api.https.cert/key/clientCa are set but api.https.listen is not");
        }
        if (metricsListen == null && metricsTls != null) {
            throw new IllegalArgumentException("metrics.tls is set but metrics.prometheus is not");
        }
    }

    /** Only the local Unix socket at {@code socket}, owned by the daemon's group; no HTTPS, no metrics. */
    public static ApiOptions localOnly(Path socket) {
        return new ApiOptions(socket, null, null, null, null, null);
    }
}

package io.vpnd.api;

/**
 * One route as {@code vpnctl routes} shows it.
 *
 * @param destination prefix, e.g. 203.0.113.0/24
 * @param tunnel      tunnel that carries it (the active one, for redundant routes)
 * @param interfaceName TUN interface
 * @param metric      kernel route metric
 * @param installed   whether the route is in the kernel now
 * @param candidates  tunnels configured for this prefix, in order of preference
 */
public record RouteView(String destination, String tunnel, String interfaceName, int metric,
                        boolean installed, java.util.List<String> candidates) {
}

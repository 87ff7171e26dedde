package io.vpnd.control;

import io.vpnd.ike.IkeTunnelEvents;
import io.vpnd.metrics.VpndMetrics;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns what IKE reports into tunnel state changes and metrics. Keeps its own map of tunnels so
 * that the IKE thread never waits for the tunnel manager's lock.
 */
public final class IkeEventsBridge implements IkeTunnelEvents {
    private final Map<String, Tunnel> tunnels = new ConcurrentHashMap<>();
    private final VpndMetrics metrics;

    public IkeEventsBridge(VpndMetrics metrics) {
        this.metrics = metrics;
    }

    void add(Tunnel t) {
        tunnels.put(t.name(), t);
    }

    @Override
    public void connecting(String tunnel, String reason) {
        Tunnel t = tunnels.get(tunnel);
        if (t != null && t.state() != TunnelState.UP) t.transition(TunnelState.CONNECTING, reason);
    }

    @Override
    public void up(String tunnel, String reason) {
        Tunnel t = tunnels.get(tunnel);
        if (t != null) t.transition(TunnelState.UP, reason);
    }

    @Override
    public void down(String tunnel, String reason) {
        Tunnel t = tunnels.get(tunnel);
        if (t != null) t.transition(TunnelState.DOWN, reason);
    }

    @Override
    public void peerEndpoint(String tunnel, InetSocketAddress endpoint) {
        Tunnel t = tunnels.get(tunnel);
        if (t != null) t.setRemoteAddress(io.vpnd.net.Addresses.format(endpoint));
    }

    @Override
    public void ikeSaEstablished(String tunnel) {
        metrics.ikeSaEstablished(tunnel);
    }

    @Override
    public void childSaEstablished(String tunnel) {
        metrics.childSaEstablished(tunnel);
    }

    @Override
    public void rekeyed(String tunnel, String kind) {
        metrics.rekeyed(tunnel, kind);
    }

    @Override
    public void dpdTimeout(String tunnel) {
        metrics.dpdTimeout(tunnel);
    }

    @Override
    public void roundTrip(String tunnel, Duration rtt) {
        metrics.ikeRoundTrip(tunnel, rtt);
    }
}

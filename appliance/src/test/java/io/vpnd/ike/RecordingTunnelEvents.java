package io.vpnd.ike;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** Remembers the tunnel events IKE reports, in order. */
public final class RecordingTunnelEvents implements IkeTunnelEvents {
    private final List<String> events = new ArrayList<>();

    @Override
    public void connecting(String tunnel, String reason) {
        events.add(tunnel + " CONNECTING " + reason);
    }

    @Override
    public void up(String tunnel, String reason) {
        events.add(tunnel + " UP " + reason);
    }

    @Override
    public void down(String tunnel, String reason) {
        events.add(tunnel + " DOWN " + reason);
    }

    @Override
    public void peerEndpoint(String tunnel, InetSocketAddress endpoint) {
    }

    @Override
    public void dpdTimeout(String tunnel) {
        events.add(tunnel + " DPD_TIMEOUT");
    }

    public List<String> events() {
        return events;
    }

    public String last() {
        return events.isEmpty() ? null : events.get(events.size() - 1);
    }
}

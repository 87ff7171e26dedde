package io.vpnd.control;

import io.vpnd.api.SaView;
import io.vpnd.config.StartAction;
import io.vpnd.ike.IkeSaManager;

import java.util.List;

/**
 * IKEv2 keying of a tunnel: registers it with the IKE SA manager (so peers can reach it) and,
 * for {@code start: initiate}, initiates and keeps it up.
 */
public final class IkeKeying implements Keying {
    private final Tunnel tunnel;
    private final IkeSaManager ike;
    private final IkeEventsBridge bridge;

    public IkeKeying(Tunnel tunnel, IkeSaManager ike, IkeEventsBridge bridge) {
        this.tunnel = tunnel;
        this.ike = ike;
        this.bridge = bridge;
    }

    @Override
    public void start() {
        bridge.add(tunnel);
        ike.register(tunnel.config());
        if (tunnel.config().start() == StartAction.INITIATE) {
            tunnel.transition(TunnelState.CONNECTING, "INITIATING");
            ike.initiate(tunnel.name());
        } else if (tunnel.state() != TunnelState.UP) {
            tunnel.transition(TunnelState.DOWN, "WAITING_FOR_PEER");
        }
    }

    @Override
    public void stop(String reason) {
        ike.unregister(tunnel.name(), reason);
    }

    @Override
    public List<SaView> sas() {
        return ike.views(tunnel.name());
    }

    @Override
    public int childSaCount() {
        return ike.childSaCount(tunnel.name());
    }

    @Override
    public String kind() {
        return "ikev2";
    }
}

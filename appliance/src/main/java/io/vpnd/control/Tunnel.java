package io.vpnd.control;

import io.vpnd.config.TunnelConfig;
import io.vpnd.dataplane.TunnelCounters;

import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * One configured tunnel at run time: its config, its state with the time and reason of the last
 * change, and its traffic counters. State changes go through {@link #transition}, which logs one
 * structured line per change and tells the listeners (routes, metrics).
 */
public final class Tunnel {
    private static final System.Logger LOG = System.getLogger(Tunnel.class.getName());

    /** Told of every state change, on the thread that made it. */
    public interface Listener {
        void stateChanged(Tunnel tunnel, TunnelState from, TunnelState to, String reason);
    }

    private final String name;
    private final Supplier<Instant> clock;
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile TunnelConfig config;
    private volatile TunnelState state = TunnelState.DOWN;
    private volatile Instant since;
    private volatile String reason = "CONFIGURED";
    private volatile TunnelCounters counters;
    private volatile String remoteAddress;
    private volatile boolean adminDown;

    public Tunnel(TunnelConfig config, Supplier<Instant> clock) {
        this.name = config.name();
        this.config = config;
        this.clock = clock;
        this.since = clock.get();
        this.remoteAddress = config.remote().address().map(io.vpnd.net.Addresses::format).orElse("any");
    }

    public String name() { return name; }

    public TunnelConfig config() { return config; }

    void setConfig(TunnelConfig config) { this.config = config; }

    public TunnelState state() { return state; }

    public Instant since() { return since; }

    public String reason() { return reason; }

    /** Data-plane counters, or null before the interface is attached. */
    public TunnelCounters counters() { return counters; }

    void setCounters(TunnelCounters counters) { this.counters = counters; }

    /** The peer's outer address as currently seen (after NAT), or the configured one. */
    public String remoteAddress() { return remoteAddress; }

    public void setRemoteAddress(String remoteAddress) { this.remoteAddress = remoteAddress; }

    /** True after {@code vpnctl down}: nothing brings the tunnel up again until {@code vpnctl up}. */
    public boolean adminDown() { return adminDown; }

    void setAdminDown(boolean adminDown) { this.adminDown = adminDown; }

    public void addListener(Listener l) { listeners.add(l); }

    /**
     * Moves to {@code next} for {@code why} (an upper-case reason such as ESTABLISHED,
     * DPD_TIMEOUT, AUTH_FAILED, PEER_DELETE, ADMIN_DOWN). A move to the current state only
     * updates the reason.
     */
    public void transition(TunnelState next, String why) {
        TunnelState from;
        synchronized (this) {
            from = state;
            if (from == next && why.equals(reason)) return;
            state = next;
            reason = why;
            if (from != next) since = clock.get();
        }
        if (from == next) return;
        boolean expected = next != TunnelState.DOWN || why.equals("SHUTDOWN") || why.equals("ADMIN_DOWN")
                || why.startsWith("WAITING") || why.endsWith("_BY_RELOAD") || why.equals("CONFIGURED");
        LOG.log(expected ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                "tunnel=" + name + " state=" + next + " was=" + from + " reason=" + why);
        for (Listener l : listeners) {
            try {
                l.stateChanged(this, from, next, why);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "tunnel " + name + ": state listener failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "Tunnel[" + name + " " + state + " " + reason + "]";
    }
}

package io.vpnd.control;

import io.vpnd.api.ActionResult;
import io.vpnd.api.ManagementException;
import io.vpnd.api.ManagementService;
import io.vpnd.api.RouteView;
import io.vpnd.api.SaView;
import io.vpnd.api.TunnelView;
import io.vpnd.config.ConfigException;
import io.vpnd.config.TunnelConfig;
import io.vpnd.config.VpndConfig;
import io.vpnd.dataplane.DataPlane;
import io.vpnd.dataplane.TunnelCounters;
import io.vpnd.metrics.VpndMetrics;
import io.vpnd.tun.TunDevice;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Owns the configured tunnels: for each one its interface, routes, keying and state, from
 * start to shutdown and across reloads. This is what {@code vpnctl} talks to.
 */
public final class TunnelManager implements ManagementService {
    private static final System.Logger LOG = System.getLogger(TunnelManager.class.getName());

    /** Makes the keying of a tunnel: manual keys, or IKEv2. */
    public interface KeyingFactory {
        Keying create(Tunnel tunnel);
    }

    /** A tunnel with what it holds at run time. */
    private static final class Managed {
        final Tunnel tunnel;
        final TunDevice tun;
        final Keying keying;

        Managed(Tunnel tunnel, TunDevice tun, Keying keying) {
            this.tunnel = tunnel;
            this.tun = tun;
            this.keying = keying;
        }
    }

    private final DataPlane dataPlane;
    private final InterfaceManager interfaces;
    private final RouteManager routes;
    private final VpndMetrics metrics;
    private final KeyingFactory keyingFactory;
    private final Function<java.nio.file.Path, VpndConfig> reloader;
    private final Map<String, Managed> tunnels = new LinkedHashMap<>();
    private VpndConfig config;

    /**
     * @param reloader loads and validates the config file again for {@code vpnctl reload},
     *                 throwing {@link ReloadException} with the loader's message when it is invalid
     */
    public TunnelManager(VpndConfig config, DataPlane dataPlane, InterfaceManager interfaces, RouteManager routes,
                         VpndMetrics metrics, KeyingFactory keyingFactory,
                         Function<java.nio.file.Path, VpndConfig> reloader) {
        this.config = config;
        this.dataPlane = dataPlane;
        this.interfaces = interfaces;
        this.routes = routes;
        this.metrics = metrics;
        this.keyingFactory = keyingFactory;
        this.reloader = reloader;
    }

    /** Thrown by the reloader when the new config is invalid; the message is the loader's. */
    public static final class ReloadException extends RuntimeException {
        public ReloadException(ConfigException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Brings up every configured tunnel. A tunnel that fails to start is logged and skipped. */
    public synchronized void start() {
        routes.removeStale();
        for (TunnelConfig t : config.tunnels().values()) {
            try {
                add(t);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "tunnel " + t.name() + " not started: " + e.getMessage());
            }
        }
    }

    private void add(TunnelConfig tc) throws IOException {
        Tunnel tunnel = new Tunnel(tc, Instant::now);
        // manual keys fix the inbound SPI: put the TUN on the loop the kernel hands that SPI to
        var loop = tc.manual().map(m -> dataPlane.loopForInboundSpi(m.spiIn())).orElseGet(dataPlane::nextLoop);
        var tun = interfaces.create(tc.iface(), loop);
        try {
            dataPlane.attachTunnel(tc.name(), tun, tc.iface().mssClampIpv4(), tc.iface().mssClampIpv6());
            TunnelCounters counters = dataPlane.counters(tc.name());
            tunnel.setCounters(counters);
            routes.register(tc.name(), tc.iface().name(), tun.ifIndex(), tc.routes(), tc.routeMetric());
            tunnel.addListener(routes);
            metrics.bindTunnel(tunnel);
            metrics.bindInterface(tc.name(), tun);
            Keying keying = keyingFactory.create(tunnel);
            tunnels.put(tc.name(), new Managed(tunnel, tun, keying));
            keying.start();
        } catch (RuntimeException e) {
            tunnels.remove(tc.name());
            routes.unregister(tc.name());
            metrics.unbindTunnel(tc.name());
            dataPlane.detachTunnel(tc.name());
            tun.close();
            throw e;
        }
    }

    private void remove(String name, String reason) {
        Managed m = tunnels.remove(name);
        if (m == null) return;
        try {
            m.keying.stop(reason);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "tunnel " + name + ": stopping keying failed: " + e.getMessage());
        }
        m.tunnel.transition(TunnelState.DOWN, reason);
        routes.unregister(name);
        metrics.unbindTunnel(name);
        dataPlane.detachTunnel(name);
    }

    /** Takes every tunnel down (IKE sends DELETE), withdraws routes, removes interfaces. */
    public synchronized void stop() {
        for (String name : new ArrayList<>(tunnels.keySet())) remove(name, "SHUTDOWN");
    }

    /** The tunnel named {@code name}, or null. */
    public synchronized Tunnel tunnel(String name) {
        Managed m = tunnels.get(name);
        return m == null ? null : m.tunnel;
    }

    @Override
    public synchronized List<TunnelView> tunnels() {
        List<TunnelView> out = new ArrayList<>();
        for (Managed m : tunnels.values()) {
            Tunnel t = m.tunnel;
            TunnelCounters c = t.counters();
            out.add(new TunnelView(t.name(), t.state().name(), t.since().toString(), t.reason(),
                    io.vpnd.net.Addresses.format(t.config().local().address()), t.remoteAddress(), t.config().iface().name(),
                    c == null ? 0 : c.bytesIn(), c == null ? 0 : c.bytesOut(),
                    c == null ? 0 : c.packetsIn(), c == null ? 0 : c.packetsOut(), c == null ? 0 : c.drops(),
                    m.keying.childSaCount(), m.keying.kind()));
        }
        return out;
    }

    @Override
    public synchronized List<SaView> sas() {
        List<SaView> out = new ArrayList<>();
        for (Managed m : tunnels.values()) out.addAll(m.keying.sas());
        return out;
    }

    @Override
    public List<RouteView> routes() {
        return routes.views();
    }

    @Override
    public synchronized ActionResult up(String name) throws ManagementException {
        Managed m = managed(name);
        m.tunnel.setAdminDown(false);
        if (m.tunnel.state() == TunnelState.UP) return new ActionResult(true, "tunnel " + name + " is already up");
        m.keying.start();
        return new ActionResult(true, "tunnel " + name + ": " + m.tunnel.state().name().toLowerCase()
                + " (" + m.tunnel.reason() + ")");
    }

    @Override
    public synchronized ActionResult down(String name) throws ManagementException {
        Managed m = managed(name);
        m.tunnel.setAdminDown(true);
        m.keying.stop("ADMIN_DOWN");
        m.tunnel.transition(TunnelState.DOWN, "ADMIN_DOWN");
        return new ActionResult(true, "tunnel " + name + " is down; 'vpnctl up " + name + "' brings it back");
    }

    @Override
    public synchronized ActionResult reload() throws ManagementException {
        VpndConfig next;
        try {
            next = reloader.apply(config.source());
        } catch (ReloadException e) {
            throw new ManagementException(422, "new config rejected, the running one stays in force: " + e.getMessage());
        }
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (String name : new ArrayList<>(tunnels.keySet())) {
            TunnelConfig now = next.tunnels().get(name);
            if (now == null) {
                remove(name, "REMOVED_BY_RELOAD");
                removed.add(name);
            } else if (!now.equals(tunnels.get(name).tunnel.config())) {
                remove(name, "CHANGED_BY_RELOAD");
                changed.add(name);
            }
        }
        List<String> failed = new ArrayList<>();
        for (TunnelConfig tc : next.tunnels().values()) {
            if (tunnels.containsKey(tc.name())) continue;
            try {
                add(tc);
                if (!changed.contains(tc.name())) added.add(tc.name());
            } catch (IOException | RuntimeException e) {
                failed.add(tc.name() + " (" + e.getMessage() + ")");
            }
        }
        config = next;
        String msg = "reloaded " + config.source() + ": added " + added + ", changed " + changed + ", removed " + removed
                + ", unchanged " + (next.tunnels().size() - added.size() - changed.size()) + (failed.isEmpty() ? "" : ", failed " + failed);
        LOG.log(System.Logger.Level.INFO, msg);
        if (!failed.isEmpty()) throw new ManagementException(500, msg);
        return new ActionResult(true, msg);
    }

    private Managed managed(String name) throws ManagementException {
        Managed m = tunnels.get(name);
        if (m == null) throw new ManagementException(404, "no tunnel named '" + name + "' (vpnctl status lists them)");
        return m;
    }
}

package io.vpnd.daemon;

import io.vpnd.api.ApiOptions;
import io.vpnd.api.ManagementApiServer;
import io.vpnd.api.MetricsServer;
import io.vpnd.api.MutualTlsFiles;
import io.vpnd.config.ApiConfig;
import io.vpnd.config.ConfigException;
import io.vpnd.config.ConfigLoader;
import io.vpnd.config.MetricsConfig;
import io.vpnd.config.VpndConfig;
import io.vpnd.control.IkeEventsBridge;
import io.vpnd.control.IkeKeying;
import io.vpnd.control.InterfaceManager;
import io.vpnd.control.ManualKeying;
import io.vpnd.control.RouteManager;
import io.vpnd.control.TunnelManager;
import io.vpnd.control.TunnelState;
import io.vpnd.dataplane.DataPlane;
import io.vpnd.dataplane.DataPlaneOptions;
import io.vpnd.ike.ExecutorIkeScheduler;
import io.vpnd.ike.IkeNetwork;
import io.vpnd.ike.IkeSaManager;
import io.vpnd.ike.RetransmitPolicy;
import io.vpnd.metrics.VpndMetrics;
import io.vpnd.net.HostPort;
import io.vpnd.netlink.RtNetlink;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A running vpnd: data plane, tunnels, management API and metrics, started in that order and
 * stopped in reverse. {@link #close} is the clean shutdown SIGTERM triggers: SAs deleted, routes
 * withdrawn, interfaces removed, sockets closed.
 */
public final class Daemon implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Daemon.class.getName());
    /** Room for bursts of ESP between event-loop wake-ups. */
    private static final int SOCKET_BUFFER = 4 << 20;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private TunnelManager tunnels;

    private Daemon() {
    }

    /** Starts everything {@code config} asks for; on failure stops what was started and rethrows. */
    public static Daemon start(VpndConfig config) throws Exception {
        Daemon d = new Daemon();
        try {
            d.startAll(config);
            return d;
        } catch (Exception | Error e) {
            d.close();
            throw e;
        }
    }

    private void startAll(VpndConfig config) throws Exception {
        DataPlane dataPlane = new DataPlane(new DataPlaneOptions(config.dataplane().threads(), config.ike().address(),
                config.ike().port(), config.ike().natPort(), SOCKET_BUFFER, config.dataplane().offload()));
        resources.add(dataPlane);
        dataPlane.start();
        VpndMetrics metrics = new VpndMetrics(dataPlane);
        resources.add(metrics);
        RtNetlink netlink = RtNetlink.open();
        resources.add(netlink);
        RouteManager routes = new RouteManager(netlink);
        int natPort = config.ike().natPort();
        ExecutorIkeScheduler ikeThread = new ExecutorIkeScheduler();
        resources.add(ikeThread);
        IkeEventsBridge ikeEvents = new IkeEventsBridge(metrics);
        IkeSaManager ike = new IkeSaManager(ikeThread, new IkeNetwork() {
            @Override
            public void send(InetSocketAddress remote, byte[] message, boolean natT) {
                dataPlane.sendIke(remote, message, natT);
            }

            @Override
            public void sendKeepalive(InetSocketAddress remote) {
                dataPlane.sendNatKeepalive(remote);
            }
        }, dataPlane, ikeEvents, config.ike().port(), natPort, RetransmitPolicy.DEFAULT, Clock.systemUTC());
        dataPlane.setIkeListener(ike::receive);
        metrics.counter("vpnd.ike.dropped", "IKE datagrams dropped unanswered (malformed, unknown SPI, failed integrity)",
                ike, IkeSaManager::droppedMessages);
        metrics.counter("vpnd.ike.overflow", "IKE datagrams dropped because the IKE thread was behind (flood)",
                ike, IkeSaManager::receiveOverflows);
        metrics.counter("vpnd.ike.cookies.sent", "COOKIE challenges sent to IKE_SA_INIT floods", ike, IkeSaManager::cookiesSent);
        dataPlane.setEventListener(ike::saExpired);
        // after the tunnels' own teardown (which queues their DELETEs), wait until they are sent
        resources.add(() -> ike.shutdown(Duration.ofSeconds(5)));
        tunnels = new TunnelManager(config, dataPlane, new InterfaceManager(netlink, config.dataplane().offload()), routes, metrics,
                tunnel -> tunnel.config().isManual()
                        ? new ManualKeying(tunnel, dataPlane, natPort)
                        : new IkeKeying(tunnel, ike, ikeEvents),
                Daemon::reload);
        resources.add(tunnels::stop);
        tunnels.start();
        ApiOptions api = apiOptions(config.api(), config.metrics());
        resources.add(ManagementApiServer.start(api, tunnels));
        if (api.metricsListen() != null) {
            resources.add(MetricsServer.start(api.metricsListen(), api.metricsTls(), metrics::scrape));
        }
        long up = tunnels.tunnels().stream().filter(t -> t.state().equals(TunnelState.UP.name())).count();
        LOG.log(System.Logger.Level.INFO, "vpnd ready: " + config.tunnels().size() + " tunnel(s), " + up + " up; api "
                + config.api().socket() + (api.metricsListen() != null ? ", metrics http://" + api.metricsListen() + "/metrics" : ""));
    }

    private static VpndConfig reload(java.nio.file.Path source) {
        try {
            return ConfigLoader.load(source);
        } catch (ConfigException e) {
            throw new TunnelManager.ReloadException(e);
        }
    }

    static ApiOptions apiOptions(ApiConfig api, MetricsConfig metrics) {
        HostPort httpsListen = null;
        MutualTlsFiles httpsTls = null;
        if (api.https().isPresent()) {
            var h = api.https().get();
            httpsListen = h.listen();
            httpsTls = new MutualTlsFiles(h.cert(), h.key(), h.clientCa());
        }
        HostPort metricsListen = metrics.prometheus().orElse(null);
        MutualTlsFiles metricsTls = null;
        if (metrics.tls().isPresent()) {
            var t = metrics.tls().get();
            metricsTls = new MutualTlsFiles(t.cert(), t.key(), t.clientCa().orElseThrow(() ->
                    new IllegalArgumentException("metrics.tls.clientCa: required: scrapers must present a client certificate")));
        }
        return new ApiOptions(api.socket(), api.group().orElse(null), httpsListen, httpsTls, metricsListen, metricsTls);
    }

    /** The tunnels, for tests and the signal handler's final report. */
    public TunnelManager tunnels() {
        return tunnels;
    }

    /** Stops everything in reverse order of start; never throws. */
    @Override
    public synchronized void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception | Error e) {
                LOG.log(System.Logger.Level.WARNING, "while stopping: " + e);
            }
        }
        resources.clear();
    }
}

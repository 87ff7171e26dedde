package io.vpnd.control;

import io.vpnd.api.RouteView;
import io.vpnd.net.Cidr;
import io.vpnd.netlink.KernelRoute;
import io.vpnd.netlink.NetlinkException;
import io.vpnd.netlink.RouteOperations;
import io.vpnd.netlink.RtNetlink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes vpnd is responsible for. Each tunnel's configured prefixes are installed on its
 * interface while the tunnel is UP and withdrawn when it goes DOWN. Every route carries vpnd's
 * own protocol number ({@link RtNetlink#VPND_ROUTE_PROTOCOL}), so vpnd never touches a route it
 * did not create, and on start it removes what a previous run that crashed left behind.
 */
public final class RouteManager implements Tunnel.Listener {
    private static final System.Logger LOG = System.getLogger(RouteManager.class.getName());

    /** One desired route: prefix on a tunnel's interface, with the tunnel's metric. */
    private static final class Entry {
        final Cidr prefix;
        final String tunnel;
        final String iface;
        final int metric;
        int ifIndex;
        boolean installed;

        Entry(Cidr prefix, String tunnel, String iface, int metric) {
            this.prefix = prefix;
            this.tunnel = tunnel;
            this.iface = iface;
            this.metric = metric;
        }
    }

    private final RouteOperations netlink;
    private final Map<String, List<Entry>> byTunnel = new LinkedHashMap<>();

    public RouteManager(RouteOperations netlink) {
        this.netlink = netlink;
    }

    /** Removes every route with vpnd's protocol: leftovers of a run that did not stop cleanly. */
    public synchronized int removeStale() {
        int removed = 0;
        try {
            for (KernelRoute r : netlink.dumpRoutes(RtNetlink.VPND_ROUTE_PROTOCOL)) {
                try {
                    netlink.deleteRoute(r);
                    removed++;
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot remove stale route " + r + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list routes: " + e.getMessage());
        }
        if (removed > 0) LOG.log(System.Logger.Level.INFO, "removed " + removed + " stale route(s) of an earlier run");
        return removed;
    }

    /**
     * Declares a tunnel's routes (not yet installed). Several tunnels may route one prefix: each
     * installs its own route with its own metric while it is up, and the kernel uses the lowest,
     * so traffic fails over to the next tunnel when one goes down and back when it returns.
     */
    public synchronized void register(String tunnel, String iface, int ifIndex, List<Cidr> prefixes, int metric) {
        List<Entry> entries = new ArrayList<>();
        for (Cidr p : prefixes) {
            Entry e = new Entry(p, tunnel, iface, metric);
            e.ifIndex = ifIndex;
            entries.add(e);
        }
        byTunnel.put(tunnel, entries);
    }

    /** Withdraws and forgets a tunnel's routes. */
    public synchronized void unregister(String tunnel) {
        withdraw(tunnel);
        byTunnel.remove(tunnel);
    }

    @Override
    public void stateChanged(Tunnel tunnel, TunnelState from, TunnelState to, String reason) {
        if (to == TunnelState.UP) install(tunnel.name());
        else if (from == TunnelState.UP) withdraw(tunnel.name());
    }

    /** Installs a tunnel's routes (idempotent). */
    public synchronized void install(String tunnel) {
        for (Entry e : byTunnel.getOrDefault(tunnel, List.of())) {
            if (e.installed) continue;
            try {
                netlink.replaceRoute(kernelRoute(e));
                e.installed = true;
                LOG.log(System.Logger.Level.INFO, "route " + e.prefix + " dev " + e.iface + " installed (tunnel " + tunnel + ")");
            } catch (IOException ex) {
                LOG.log(System.Logger.Level.ERROR, "cannot install route " + e.prefix + " dev " + e.iface + ": " + ex.getMessage());
            }
        }
    }

    /** Withdraws a tunnel's routes (idempotent). */
    public synchronized void withdraw(String tunnel) {
        for (Entry e : byTunnel.getOrDefault(tunnel, List.of())) {
            if (!e.installed) continue;
            try {
                netlink.deleteRoute(kernelRoute(e));
            } catch (NetlinkException ex) {
                if (ex.errno() != NetlinkException.ESRCH && ex.errno() != NetlinkException.ENODEV) {
                    LOG.log(System.Logger.Level.ERROR, "cannot withdraw route " + e.prefix + ": " + ex.getMessage());
                }
            } catch (IOException ex) {
                LOG.log(System.Logger.Level.ERROR, "cannot withdraw route " + e.prefix + ": " + ex.getMessage());
            }
            e.installed = false;
            LOG.log(System.Logger.Level.INFO, "route " + e.prefix + " dev " + e.iface + " withdrawn (tunnel " + tunnel + ")");
        }
    }

    private KernelRoute kernelRoute(Entry e) {
        return KernelRoute.onLink(e.prefix, e.ifIndex)
                .withMetric(e.metric).withProtocol(RtNetlink.VPND_ROUTE_PROTOCOL);
    }

    /**
     * What {@code vpnctl routes} shows: one row per tunnel route; {@code tunnel} is the tunnel that
     * carries the prefix now (the installed route with the lowest metric), {@code candidates} all
     * tunnels routing it, best first.
     */
    public synchronized List<RouteView> views() {
        Map<String, List<Entry>> byPrefix = new LinkedHashMap<>();
        for (List<Entry> entries : byTunnel.values()) {
            for (Entry e : entries) byPrefix.computeIfAbsent(e.prefix.toString(), k -> new ArrayList<>()).add(e);
        }
        List<RouteView> out = new ArrayList<>();
        for (List<Entry> same : byPrefix.values()) {
            same.sort(java.util.Comparator.comparingInt(e -> e.metric));
            List<String> candidates = same.stream().map(e -> e.tunnel).toList();
            String active = same.stream().filter(e -> e.installed).map(e -> e.tunnel).findFirst().orElse("-");
            for (Entry e : same) {
                out.add(new RouteView(e.prefix.toString(), active, e.iface, e.metric, e.installed, candidates));
            }
        }
        return out;
    }
}

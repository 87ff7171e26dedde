package io.vpnd.control;

import io.vpnd.api.RouteView;
import io.vpnd.net.Cidr;
import io.vpnd.netlink.KernelRoute;
import io.vpnd.netlink.RouteOperations;
import io.vpnd.netlink.RtNetlink;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Routes follow tunnel state: installed with the tunnel's metric when it is UP, withdrawn when it
 * goes DOWN, and two tunnels routing one prefix give active/standby by metric.
 */
class RouteManagerTest {
    /** A kernel routing table: what was replaced and not deleted. */
    static final class FakeKernel implements RouteOperations {
        final List<KernelRoute> routes = new ArrayList<>();

        @Override
        public void replaceRoute(KernelRoute r) {
            routes.removeIf(x -> x.destination().equals(r.destination()) && x.outputInterface() == r.outputInterface());
            routes.add(r);
        }

        @Override
        public void deleteRoute(KernelRoute r) {
            routes.removeIf(x -> x.destination().equals(r.destination()) && x.outputInterface() == r.outputInterface());
        }

        @Override
        public List<KernelRoute> dumpRoutes(int protocol) {
            return routes.stream().filter(r -> r.protocol() == protocol).toList();
        }

        /** The interface the kernel would use for {@code prefix}: the lowest metric wins. */
        int bestInterface(String prefix) {
            return routes.stream().filter(r -> r.destination().toString().equals(prefix))
                    .min(java.util.Comparator.comparingInt(KernelRoute::metric)).map(KernelRoute::outputInterface).orElse(-1);
        }
    }

    @Test
    void preferredTunnelCarriesThePrefixAndTheStandbyTakesOver() {
        FakeKernel kernel = new FakeKernel();
        RouteManager routes = new RouteManager(kernel);
        List<Cidr> net = List.of(Cidr.parse("203.0.113.0/24"));
        routes.register("aws-1", "vti-aws1", 11, net, 100);
        routes.register("aws-2", "vti-aws2", 12, net, 200);
        assertEquals(-1, kernel.bestInterface("203.0.113.0/24"), "nothing is routed before a tunnel is up");

        routes.install("aws-2");
        routes.install("aws-1");
        assertEquals(11, kernel.bestInterface("203.0.113.0/24"), "the lower metric wins");
        assertTrue(kernel.routes.stream().allMatch(r -> r.protocol() == RtNetlink.VPND_ROUTE_PROTOCOL));
        RouteView v = routes.views().get(0);
        assertEquals("aws-1", v.tunnel());
        assertEquals(List.of("aws-1", "aws-2"), v.candidates());

        routes.withdraw("aws-1");                                       // the preferred tunnel goes down
        assertEquals(12, kernel.bestInterface("203.0.113.0/24"), "failover to the standby");
        assertEquals("aws-2", routes.views().get(0).tunnel());

        routes.install("aws-1");                                        // and comes back
        assertEquals(11, kernel.bestInterface("203.0.113.0/24"), "and back");
    }

    @Test
    void stateChangesDriveInstallAndWithdraw() throws Exception {
        FakeKernel kernel = new FakeKernel();
        RouteManager routes = new RouteManager(kernel);
        routes.register("t", "vti-t", 7, List.of(Cidr.parse("203.0.113.0/24"), Cidr.parse("2001:db8:2::/48")), 100);
        Tunnel tunnel = new Tunnel(io.vpnd.config.ConfigLoader.parse("""
                tunnels:
                  t:
                    local: { address: 192.0.2.1 }
                    remote: { address: 192.0.2.2 }
                    auth: { psk: "route-test-secret-01" }
                """, java.nio.file.Path.of("/test/vpnd.yaml")).tunnels().get("t"), java.time.Instant::now);
        routes.stateChanged(tunnel, TunnelState.CONNECTING, TunnelState.UP, "ESTABLISHED");
        assertEquals(2, kernel.routes.size());
        routes.stateChanged(tunnel, TunnelState.UP, TunnelState.DOWN, "DPD_TIMEOUT");
        assertEquals(0, kernel.routes.size());
        routes.stateChanged(tunnel, TunnelState.DOWN, TunnelState.CONNECTING, "DPD_TIMEOUT");
        assertEquals(0, kernel.routes.size(), "CONNECTING does not route");
    }

    @Test
    void staleRoutesOfAnEarlierRunAreRemovedButNoOthers() throws Exception {
        FakeKernel kernel = new FakeKernel();
        kernel.replaceRoute(KernelRoute.onLink(Cidr.parse("203.0.113.0/24"), 5).withProtocol(RtNetlink.VPND_ROUTE_PROTOCOL));
        kernel.replaceRoute(KernelRoute.onLink(Cidr.parse("198.18.0.0/15"), 6).withProtocol(4));   // someone else's
        assertEquals(1, new RouteManager(kernel).removeStale());
        assertEquals(1, kernel.routes.size());
        assertEquals(4, kernel.routes.get(0).protocol());
    }
}

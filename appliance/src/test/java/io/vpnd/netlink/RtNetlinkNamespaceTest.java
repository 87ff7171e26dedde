package io.vpnd.netlink;

import io.vpnd.net.Cidr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RtNetlink} against a real kernel, in a namespace of its own ({@link TestNamespace}). The
 * interfaces are persistent TUNs made by {@code ip tuntap} (this kernel has no dummy driver);
 * every change is checked with {@code ip -n NS …}, not with the code under test.
 */
class RtNetlinkNamespaceTest {
    private static TestNamespace ns;

    @BeforeAll
    static void namespace() throws Exception {
        ns = TestNamespace.create("nl");
    }

    @AfterAll
    static void cleanup() {
        if (ns != null) {
            ns.close();
        }
    }

    private static int tuntap(String name) throws Exception {
        ns.ip("tuntap", "add", "mode", "tun", "name", name);
        return ns.call(() -> {
            try (RtNetlink nl = RtNetlink.open()) {
                return nl.linkIndex(name);
            }
        });
    }

    private interface NetlinkAction<T> {
        T run(RtNetlink nl) throws Exception;
    }

    private static <T> T nl(NetlinkAction<T> action) throws Exception {
        return ns.call(() -> {
            try (RtNetlink nl = RtNetlink.open()) {
                return action.run(nl);
            }
        });
    }

    @Test
    void looksUpLinksByNameAndIndex() throws Exception {
        LinkInfo lo = nl(n -> n.link("lo"));
        assertEquals(1, lo.index());
        assertEquals("lo", lo.name());
        assertTrue(lo.isUp());
        assertEquals(lo, nl(n -> n.link(1)));
        NetlinkException e = assertThrows(NetlinkException.class, () -> nl(n -> n.linkIndex("vt-nothere")));
        assertEquals(NetlinkException.ENODEV, e.errno());
        assertTrue(e.getMessage().contains("vt-nothere"), e.getMessage());
    }

    @Test
    void setsMtuQueueLengthAndUpDown() throws Exception {
        int idx = tuntap("vtl1");
        nl(n -> {
            n.setMtu(idx, 1400);
            n.setTxQueueLength(idx, 2000);
            n.setLinkUp(idx, true);
            return null;
        });
        String shown = ns.ip("link", "show", "dev", "vtl1");
        assertTrue(shown.contains("mtu 1400"), shown);
        assertTrue(shown.contains("qlen 2000"), shown);
        assertTrue(shown.matches("(?s).*<[^>]*\\bUP\\b[^>]*>.*"), shown);
        LinkInfo up = nl(n -> n.link(idx));
        assertTrue(up.isUp());
        assertEquals(1400, up.mtu());
        assertEquals(2000, up.txQueueLength());

        nl(n -> {
            n.setLinkUp(idx, false);
            return null;
        });
        shown = ns.ip("link", "show", "dev", "vtl1");
        assertFalse(shown.matches("(?s).*<[^>]*\\bUP\\b[^>]*>.*"), shown);
        assertFalse(nl(n -> n.link(idx)).isUp());
    }

    @Test
    void addsAndRemovesIpv4AndIpv6Addresses() throws Exception {
        int idx = tuntap("vtl2");
        InetAddress v4 = InetAddress.getByName("169.254.77.1");
        InetAddress v6 = InetAddress.getByName("2001:db8::1");
        nl(n -> {
            n.setLinkUp(idx, true);
            n.addAddress(idx, v4, 30);
            n.addAddress(idx, v6, 64);
            return null;
        });
        String shown = ns.ip("addr", "show", "dev", "vtl2");
        assertTrue(shown.contains("inet 169.254.77.1/30"), shown);
        assertTrue(shown.contains("inet6 2001:db8::1/64"), shown);
        String v6line = shown.lines().filter(l -> l.contains("2001:db8::1/64")).findFirst().orElseThrow();
        assertTrue(v6line.contains("nodad"), v6line);
        assertFalse(v6line.contains("tentative"), v6line);

        NetlinkException dup = assertThrows(NetlinkException.class, () -> nl(n -> {
            n.addAddress(idx, v4, 30);
            return null;
        }));
        assertEquals(NetlinkException.EEXIST, dup.errno());

        nl(n -> {
            n.removeAddress(idx, v4, 30);
            n.removeAddress(idx, v6, 64);
            return null;
        });
        shown = ns.ip("addr", "show", "dev", "vtl2");
        assertFalse(shown.contains("169.254.77.1"), shown);
        assertFalse(shown.contains("2001:db8::1/64"), shown);
    }

    @Test
    void installsDumpsAndDeletesOnlyItsOwnRoutes() throws Exception {
        int idx = tuntap("vtl3");
        nl(n -> {
            n.setLinkUp(idx, true);
            n.addAddress(idx, InetAddress.getByName("169.254.78.1"), 30);
            return null;
        });
        KernelRoute v4 = KernelRoute.onLink(Cidr.parseNetwork("198.51.100.0/24"), idx).withMetric(50);
        KernelRoute v4gw = KernelRoute.onLink(Cidr.parseNetwork("203.0.113.0/24"), idx)
                .withGateway(InetAddress.getByName("169.254.78.2")).withMetric(60);
        KernelRoute v6 = KernelRoute.onLink(Cidr.parseNetwork("2001:db8:1::/48"), idx).withMetric(70);
        KernelRoute v4table = KernelRoute.onLink(Cidr.parseNetwork("192.0.2.0/25"), idx).withTable(1000);
        nl(n -> {
            for (KernelRoute r : List.of(v4, v4gw, v6, v4table)) {
                n.addRoute(r);
            }
            return null;
        });
        // a route of somebody else (an operator, BIRD) beside ours
        ns.ip("route", "add", "192.0.2.128/25", "dev", "vtl3", "proto", "static");

        String shown = ns.ip("route", "show", "proto", "118");
        assertTrue(shown.contains("198.51.100.0/24 dev vtl3 scope link metric 50"), shown);
        assertTrue(shown.contains("203.0.113.0/24 via 169.254.78.2 dev vtl3 metric 60"), shown);
        String shown6 = ns.ip("-6", "route", "show", "proto", "118");
        assertTrue(shown6.contains("2001:db8:1::/48 dev vtl3 metric 70"), shown6);
        String shownTable = ns.ip("route", "show", "table", "1000", "proto", "118");
        assertTrue(shownTable.contains("192.0.2.0/25 dev vtl3"), shownTable);

        List<KernelRoute> dumped = nl(n -> n.dumpRoutes(RtNetlink.VPND_ROUTE_PROTOCOL));
        assertEquals(4, dumped.size(), dumped.toString());
        assertTrue(dumped.containsAll(List.of(v4, v4gw, v6, v4table)), dumped.toString());

        NetlinkException dup = assertThrows(NetlinkException.class, () -> nl(n -> {
            n.addRoute(v4);
            return null;
        }));
        assertEquals(NetlinkException.EEXIST, dup.errno());

        // replace: same destination and metric, new gateway
        KernelRoute replaced = v4gw.withGateway(InetAddress.getByName("169.254.78.1"));
        nl(n -> {
            n.replaceRoute(replaced);
            return null;
        });
        assertTrue(ns.ip("route", "show", "proto", "118").contains("203.0.113.0/24 via 169.254.78.1 dev vtl3"));

        // deleting "our" version of the operator's route must not remove it
        KernelRoute notOurs = KernelRoute.onLink(Cidr.parseNetwork("192.0.2.128/25"), idx);
        NetlinkException foreign = assertThrows(NetlinkException.class, () -> nl(n -> {
            n.deleteRoute(notOurs);
            return null;
        }));
        assertEquals(NetlinkException.ESRCH, foreign.errno());
        assertTrue(ns.ip("route", "show", "proto", "static").contains("192.0.2.128/25 dev vtl3"));

        nl(n -> {
            for (KernelRoute r : List.of(v4, replaced, v6, v4table)) {
                n.deleteRoute(r);
            }
            return null;
        });
        assertEquals("", ns.ip("route", "show", "table", "all", "proto", "118").trim());
        assertEquals("", ns.ip("-6", "route", "show", "table", "all", "proto", "118").trim());
        assertEquals(List.of(), nl(n -> n.dumpRoutes(RtNetlink.VPND_ROUTE_PROTOCOL)));
        assertTrue(ns.ip("route", "show", "proto", "static").contains("192.0.2.128/25 dev vtl3"));
    }

    @Test
    void refusalsCarryTheKernelsExplanation() throws Exception {
        int idx = tuntap("vtl4"); // left down
        NetlinkException down = assertThrows(NetlinkException.class, () -> nl(n -> {
            n.addRoute(KernelRoute.onLink(Cidr.parseNetwork("198.51.100.0/24"), idx));
            return null;
        }));
        assertNotNull(down.kernelMessage(), down.getMessage());
        assertTrue(down.getMessage().contains("198.51.100.0/24"), down.getMessage());

        NetlinkException noDev = assertThrows(NetlinkException.class, () -> nl(n -> {
            n.setMtu(999_999, 1400);
            return null;
        }));
        assertEquals(NetlinkException.ENODEV, noDev.errno());
    }
}

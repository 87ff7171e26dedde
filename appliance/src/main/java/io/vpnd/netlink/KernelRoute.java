package io.vpnd.netlink;

import io.vpnd.net.Cidr;

import java.net.InetAddress;

/**
 * A unicast route in the kernel's FIB as vpnd installs it: a destination prefix out of one
 * interface, optionally via a gateway, with a metric, a table and the routing protocol number
 * that marks who owns it.
 *
 * @param destination     destination prefix (IPv4 or IPv6) without host bits: the kernel refuses
 *                        those ("Invalid prefix for given prefix length"), so they are refused here,
 *                        where the prefix was written
 * @param outputInterface interface index (RTA_OIF)
 * @param gateway         next hop of the destination's family, or null for an on-link route
 * @param metric          route priority (RTA_PRIORITY); lower wins. The kernel stores IPv6 metric 0
 *                        as 1024, so a dump returns 1024 for an IPv6 route added with 0
 * @param table           routing table id; {@link RtNetlink#RT_TABLE_MAIN} is the main table
 * @param protocol        {@code rtm_protocol}; vpnd's routes carry {@link RtNetlink#VPND_ROUTE_PROTOCOL}
 */
public record KernelRoute(Cidr destination, int outputInterface, InetAddress gateway,
                          int metric, int table, int protocol) {

    public KernelRoute {
        if (destination == null) {
            throw new IllegalArgumentException("route needs a destination");
        }
        if (!destination.isNetwork()) {
            throw new IllegalArgumentException(destination + " has host bits set");
        }
        if (gateway != null && gateway.getAddress().length != destination.address().getAddress().length) {
            throw new IllegalArgumentException("gateway " + gateway.getHostAddress()
                    + " is not of the family of " + destination);
        }
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("rtm_protocol must be 0..255: " + protocol);
        }
        if (outputInterface <= 0 && gateway == null) {
            throw new IllegalArgumentException("route to " + destination + " needs an interface or a gateway");
        }
    }

    /** An on-link route out of {@code ifIndex}: metric 0, the main table, vpnd's protocol. */
    public static KernelRoute onLink(Cidr destination, int ifIndex) {
        return new KernelRoute(destination, ifIndex, null, 0, RtNetlink.RT_TABLE_MAIN,
                RtNetlink.VPND_ROUTE_PROTOCOL);
    }

    public KernelRoute withGateway(InetAddress newGateway) {
        return new KernelRoute(destination, outputInterface, newGateway, metric, table, protocol);
    }

    public KernelRoute withMetric(int newMetric) {
        return new KernelRoute(destination, outputInterface, gateway, newMetric, table, protocol);
    }

    public KernelRoute withTable(int newTable) {
        return new KernelRoute(destination, outputInterface, gateway, metric, newTable, protocol);
    }

    public KernelRoute withProtocol(int newProtocol) {
        return new KernelRoute(destination, outputInterface, gateway, metric, table, newProtocol);
    }

    @Override
    public String toString() {
        return destination + (gateway != null ? " via " + gateway.getHostAddress() : "")
                + " dev#" + outputInterface + " metric " + metric + " table " + table + " proto " + protocol;
    }
}

package io.vpnd.netlink;

import io.vpnd.net.Cidr;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.vpnd.netlink.NetlinkConstants.AF_INET;
import static io.vpnd.netlink.NetlinkConstants.AF_INET6;
import static io.vpnd.netlink.NetlinkConstants.AF_UNSPEC;
import static io.vpnd.netlink.NetlinkConstants.IFA_ADDRESS;
import static io.vpnd.netlink.NetlinkConstants.IFA_FLAGS;
import static io.vpnd.netlink.NetlinkConstants.IFA_F_NODAD;
import static io.vpnd.netlink.NetlinkConstants.IFA_LOCAL;
import static io.vpnd.netlink.NetlinkConstants.IFF_UP;
import static io.vpnd.netlink.NetlinkConstants.IFINFOMSG_LEN;
import static io.vpnd.netlink.NetlinkConstants.IFLA_IFNAME;
import static io.vpnd.netlink.NetlinkConstants.IFLA_MTU;
import static io.vpnd.netlink.NetlinkConstants.IFLA_TXQLEN;
import static io.vpnd.netlink.NetlinkConstants.NETLINK_ROUTE;
import static io.vpnd.netlink.NetlinkConstants.NLM_F_ACK;
import static io.vpnd.netlink.NetlinkConstants.NLM_F_CREATE;
import static io.vpnd.netlink.NetlinkConstants.NLM_F_DUMP;
import static io.vpnd.netlink.NetlinkConstants.NLM_F_EXCL;
import static io.vpnd.netlink.NetlinkConstants.NLM_F_REPLACE;
import static io.vpnd.netlink.NetlinkConstants.NLM_F_REQUEST;
import static io.vpnd.netlink.NetlinkConstants.RTA_DST;
import static io.vpnd.netlink.NetlinkConstants.RTA_GATEWAY;
import static io.vpnd.netlink.NetlinkConstants.RTA_OIF;
import static io.vpnd.netlink.NetlinkConstants.RTA_PRIORITY;
import static io.vpnd.netlink.NetlinkConstants.RTA_TABLE;
import static io.vpnd.netlink.NetlinkConstants.RTMSG_LEN;
import static io.vpnd.netlink.NetlinkConstants.RTM_DELADDR;
import static io.vpnd.netlink.NetlinkConstants.RTM_DELROUTE;
import static io.vpnd.netlink.NetlinkConstants.RTM_F_CLONED;
import static io.vpnd.netlink.NetlinkConstants.RTM_GETLINK;
import static io.vpnd.netlink.NetlinkConstants.RTM_GETROUTE;
import static io.vpnd.netlink.NetlinkConstants.RTM_NEWADDR;
import static io.vpnd.netlink.NetlinkConstants.RTM_NEWLINK;
import static io.vpnd.netlink.NetlinkConstants.RTM_NEWROUTE;
import static io.vpnd.netlink.NetlinkConstants.RTN_UNICAST;
import static io.vpnd.netlink.NetlinkConstants.RT_SCOPE_LINK;
import static io.vpnd.netlink.NetlinkConstants.RT_SCOPE_NOWHERE;
import static io.vpnd.netlink.NetlinkConstants.RT_SCOPE_UNIVERSE;
import static io.vpnd.netlink.NetlinkConstants.RT_TABLE_UNSPEC;

/**
 * A small rtnetlink client: interfaces (index, up/down, MTU, queue length), addresses and routes.
 * Each call is one request answered by the kernel's ack; a refusal is a {@link NetlinkException}
 * carrying the errno and the kernel's message.
 *
 * <p>Routes vpnd installs carry {@code rtm_protocol} {@link #VPND_ROUTE_PROTOCOL} (or the number
 * the operator configures), so that vpnd deletes and reconciles only its own routes and routing
 * daemons such as BIRD and FRR, which mark theirs with their own numbers, can run beside it.
 *
 * <p>Threading: methods are synchronized (one request in flight per socket). The socket lives in
 * the network namespace of the thread that called {@link #open}, whichever thread uses it later.
 */
public final class RtNetlink implements AutoCloseable, RouteOperations {
    /**
     * vpnd's default {@code rtm_protocol}: 118, ASCII 'v'. Values 0-4 mean something to the kernel;
     * the UAPI header and iproute2's {@code rt_protos} assign 8-18, 42, 99 and 186-192, and FRR
     * uses 186-198 for its daemons; 118 is in none of those lists. Operators add
     * {@code 118 vpnd} to {@code /etc/iproute2/rt_protos.d/} to see the name in {@code ip route}.
     */
    public static final int VPND_ROUTE_PROTOCOL = 118;
    /** The main routing table (RT_TABLE_MAIN). */
    public static final int RT_TABLE_MAIN = NetlinkConstants.RT_TABLE_MAIN;
    /** How long one recv waits for the kernel. */
    public static final Duration DEFAULT_RECEIVE_TIMEOUT = Duration.ofSeconds(5);
    /** Upper bound for a dump of a large table. */
    private static final Duration DUMP_DEADLINE = Duration.ofSeconds(60);

    private final NetlinkSocket socket;

    private RtNetlink(NetlinkSocket socket) {
        this.socket = socket;
    }

    /** Opens a NETLINK_ROUTE socket in the calling thread's network namespace. */
    public static RtNetlink open() throws NetlinkException {
        return open(DEFAULT_RECEIVE_TIMEOUT);
    }

    public static RtNetlink open(Duration receiveTimeout) throws NetlinkException {
        return new RtNetlink(NetlinkSocket.open(NETLINK_ROUTE, receiveTimeout));
    }

    // ---------------------------------------------------------------- links

    /** The index of interface {@code name}; {@link NetlinkException#ENODEV} if there is none. */
    public synchronized int linkIndex(String name) throws IOException {
        return link(name).index();
    }

    /** Interface {@code name} as the kernel reports it. */
    public synchronized LinkInfo link(String name) throws IOException {
        NetlinkMessageBuilder req = new NetlinkMessageBuilder(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK)
                .ifinfomsg(AF_UNSPEC, 0, 0, 0, 0)
                .attrString(IFLA_IFNAME, name);
        return singleLink(socket.request(req, "RTM_GETLINK " + name, DUMP_DEADLINE), name);
    }

    /** Interface {@code index} as the kernel reports it. */
    public synchronized LinkInfo link(int index) throws IOException {
        NetlinkMessageBuilder req = new NetlinkMessageBuilder(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK)
                .ifinfomsg(AF_UNSPEC, 0, index, 0, 0);
        return singleLink(socket.request(req, "RTM_GETLINK #" + index, DUMP_DEADLINE), "#" + index);
    }

    /** Sets IFF_UP on or off. */
    public synchronized void setLinkUp(int index, boolean up) throws IOException {
        NetlinkMessageBuilder req = new NetlinkMessageBuilder(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK)
                .ifinfomsg(AF_UNSPEC, 0, index, up ? IFF_UP : 0, IFF_UP);
        socket.request(req, "RTM_NEWLINK #" + index + (up ? " up" : " down"), DUMP_DEADLINE);
    }

    /** Sets the interface MTU. */
    public synchronized void setMtu(int index, int mtu) throws IOException {
        NetlinkMessageBuilder req = new NetlinkMessageBuilder(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK)
                .ifinfomsg(AF_UNSPEC, 0, index, 0, 0)
                .attrU32(IFLA_MTU, mtu);
        socket.request(req, "RTM_NEWLINK #" + index + " mtu " + mtu, DUMP_DEADLINE);
    }

    /** Sets the transmit queue length (for a TUN: how many packets the kernel holds for the reader). */
    public synchronized void setTxQueueLength(int index, int packets) throws IOException {
        NetlinkMessageBuilder req = new NetlinkMessageBuilder(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK)
                .ifinfomsg(AF_UNSPEC, 0, index, 0, 0)
                .attrU32(IFLA_TXQLEN, packets);
        socket.request(req, "RTM_NEWLINK #" + index + " txqueuelen " + packets, DUMP_DEADLINE);
    }

    // ---------------------------------------------------------------- addresses

    /**
     * Adds {@code address/prefixLength} to interface {@code index}; {@link NetlinkException#EEXIST}
     * if it is there already. IPv6 addresses skip duplicate address detection (IFA_F_NODAD), so
     * they are usable at once rather than "tentative" for a second or more.
     */
    public synchronized void addAddress(int index, InetAddress address, int prefixLength) throws IOException {
        socket.request(addressMessage(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
                index, address, prefixLength), "RTM_NEWADDR " + describe(address, prefixLength, index), DUMP_DEADLINE);
    }

    /** Removes {@code address/prefixLength} from interface {@code index}. */
    public synchronized void removeAddress(int index, InetAddress address, int prefixLength) throws IOException {
        socket.request(addressMessage(RTM_DELADDR, NLM_F_REQUEST | NLM_F_ACK, index, address, prefixLength),
                "RTM_DELADDR " + describe(address, prefixLength, index), DUMP_DEADLINE);
    }

    static NetlinkMessageBuilder addressMessage(int type, int flags, int index, InetAddress address,
                                                int prefixLength) {
        boolean v4 = address instanceof Inet4Address;
        int max = v4 ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " for " + address.getHostAddress());
        }
        int addrFlags = v4 ? 0 : IFA_F_NODAD;
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(type, flags)
                .ifaddrmsg(v4 ? AF_INET : AF_INET6, prefixLength, addrFlags, RT_SCOPE_UNIVERSE, index)
                .attr(IFA_LOCAL, address.getAddress())
                .attr(IFA_ADDRESS, address.getAddress());
        if (!v4) {
            // ifa_flags is 8 bits; IFA_FLAGS is the full 32-bit set and wins when present
            b.attrU32(IFA_FLAGS, addrFlags);
        }
        return b;
    }

    // ---------------------------------------------------------------- routes

    /** Adds a route; {@link NetlinkException#EEXIST} if the kernel has one for that destination and metric. */
    public synchronized void addRoute(KernelRoute route) throws IOException {
        socket.request(routeMessage(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, route),
                "RTM_NEWROUTE " + route, DUMP_DEADLINE);
    }

    /** Adds a route, or replaces the one with the same destination (and metric, for IPv6). */
    public synchronized void replaceRoute(KernelRoute route) throws IOException {
        socket.request(routeMessage(RTM_NEWROUTE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, route),
                "RTM_NEWROUTE(replace) " + route, DUMP_DEADLINE);
    }

    /**
     * Deletes a route. The request names the route's protocol, so the kernel deletes only a route
     * carrying it ({@link NetlinkException#ESRCH} otherwise): a route of BIRD, FRR or an operator
     * with the same prefix stays untouched.
     */
    public synchronized void deleteRoute(KernelRoute route) throws IOException {
        socket.request(routeMessage(RTM_DELROUTE, NLM_F_REQUEST | NLM_F_ACK, route),
                "RTM_DELROUTE " + route, DUMP_DEADLINE);
    }

    /**
     * The unicast routes of both families, in every table, whose {@code rtm_protocol} is
     * {@code protocol}: what vpnd installed, for reconciliation after a restart.
     */
    public synchronized List<KernelRoute> dumpRoutes(int protocol) throws IOException {
        List<KernelRoute> out = new ArrayList<>();
        for (int family : new int[] {AF_INET, AF_INET6}) {
            NetlinkMessageBuilder req = new NetlinkMessageBuilder(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP)
                    .rtmsg(family, 0, 0, 0, RT_TABLE_UNSPEC, 0, 0, 0, 0);
            for (NetlinkMessage m : socket.request(req, "RTM_GETROUTE dump family " + family, DUMP_DEADLINE)) {
                KernelRoute r = parseRoute(m, protocol);
                if (r != null) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    static NetlinkMessageBuilder routeMessage(int type, int flags, KernelRoute r) {
        boolean v4 = !r.destination().isIpv6();
        boolean delete = type == RTM_DELROUTE;
        // like iproute2: on-link IPv4 routes are scope link; a delete matches any scope
        int scope = delete ? RT_SCOPE_NOWHERE
                : v4 && r.gateway() == null ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
        int tableByte = r.table() < 256 ? r.table() : RT_TABLE_UNSPEC;
        NetlinkMessageBuilder b = new NetlinkMessageBuilder(type, flags)
                .rtmsg(v4 ? AF_INET : AF_INET6, r.destination().prefixLength(), 0, 0, tableByte,
                        r.protocol(), scope, RTN_UNICAST, 0)
                .attrU32(RTA_TABLE, r.table());
        if (r.destination().prefixLength() > 0) {
            b.attr(RTA_DST, r.destination().address().getAddress());
        }
        if (r.outputInterface() > 0) {
            b.attrU32(RTA_OIF, r.outputInterface());
        }
        if (r.gateway() != null) {
            b.attr(RTA_GATEWAY, r.gateway().getAddress());
        }
        b.attrU32(RTA_PRIORITY, r.metric());
        return b;
    }

    /** A dumped RTM_NEWROUTE as a route, or null if it is not a plain unicast route of {@code protocol}. */
    static KernelRoute parseRoute(NetlinkMessage m, int protocol) {
        if (m.type() != RTM_NEWROUTE || m.body().remaining() < RTMSG_LEN) {
            return null;
        }
        ByteBuffer b = m.body();
        int family = b.get(0) & 0xff;
        int dstLen = b.get(1) & 0xff;
        int rtProtocol = b.get(5) & 0xff;
        int rtType = b.get(7) & 0xff;
        int rtFlags = b.getInt(8);
        if (rtProtocol != protocol || rtType != RTN_UNICAST || (rtFlags & RTM_F_CLONED) != 0
                || (family != AF_INET && family != AF_INET6)) {
            return null;
        }
        NetlinkAttributes attrs = NetlinkAttributes.parse(b, RTMSG_LEN);
        int table = attrs.u32(RTA_TABLE, b.get(4) & 0xff);
        byte[] dst = attrs.bytes(RTA_DST);
        if (dst == null) {
            dst = new byte[family == AF_INET ? 4 : 16];
        }
        byte[] gw = attrs.bytes(RTA_GATEWAY);
        try {
            return new KernelRoute(new Cidr(InetAddress.getByAddress(dst), dstLen),
                    attrs.u32(RTA_OIF, 0), gw == null ? null : InetAddress.getByAddress(gw),
                    attrs.u32(RTA_PRIORITY, 0), table, rtProtocol);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null; // a multipath or otherwise unusual route: not one vpnd installs
        }
    }

    private static LinkInfo singleLink(List<NetlinkMessage> replies, String what) throws IOException {
        for (NetlinkMessage m : replies) {
            if (m.type() == RTM_NEWLINK && m.body().remaining() >= IFINFOMSG_LEN) {
                return parseLink(m);
            }
        }
        throw new IOException("RTM_GETLINK " + what + ": no RTM_NEWLINK in the reply");
    }

    static LinkInfo parseLink(NetlinkMessage m) {
        ByteBuffer b = m.body();
        NetlinkAttributes attrs = NetlinkAttributes.parse(b, IFINFOMSG_LEN);
        return new LinkInfo(b.getInt(4), attrs.string(IFLA_IFNAME), b.getInt(8),
                attrs.u32(IFLA_MTU, 0), attrs.u32(IFLA_TXQLEN, 0));
    }

    private static String describe(InetAddress a, int prefixLength, int index) {
        return a.getHostAddress() + "/" + prefixLength + " dev#" + index;
    }

    @Override
    public synchronized void close() {
        socket.close();
    }
}

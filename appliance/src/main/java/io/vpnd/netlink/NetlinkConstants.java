package io.vpnd.netlink;

/**
 * Netlink and rtnetlink constants, named as in the Linux UAPI headers
 * ({@code linux/netlink.h}, {@code linux/rtnetlink.h}, {@code linux/if_link.h},
 * {@code linux/if_addr.h}, {@code linux/if.h}). Only what vpnd uses is here.
 */
final class NetlinkConstants {
    private NetlinkConstants() {
    }

    // socket(2)
    static final int AF_NETLINK = 16;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int AF_UNSPEC = 0;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_ROUTE = 0;

    // setsockopt(2)
    static final int SOL_SOCKET = 1;
    static final int SO_RCVTIMEO = 20;
    static final int SOL_NETLINK = 270;
    /** Acks carry only the request's header, not its whole body. */
    static final int NETLINK_CAP_ACK = 10;
    /** Error acks carry the kernel's extended message (NLMSGERR_ATTR_MSG). */
    static final int NETLINK_EXT_ACK = 11;

    static final int MSG_TRUNC = 0x20;

    // struct nlmsghdr
    static final int NLMSG_HDRLEN = 16;
    static final int NLMSG_NOOP = 1;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;

    static final int NLM_F_REQUEST = 0x01;
    static final int NLM_F_MULTI = 0x02;
    static final int NLM_F_ACK = 0x04;
    static final int NLM_F_ROOT = 0x100;
    static final int NLM_F_MATCH = 0x200;
    static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    static final int NLM_F_REPLACE = 0x100;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;
    /** On NLMSG_ERROR: the request's body was not echoed (NETLINK_CAP_ACK). */
    static final int NLM_F_CAPPED = 0x100;
    /** On NLMSG_ERROR: extended-ack TLVs follow the echoed request. */
    static final int NLM_F_ACK_TLVS = 0x200;

    // enum nlmsgerr_attrs
    static final int NLMSGERR_ATTR_MSG = 1;
    static final int NLMSGERR_ATTR_OFFS = 2;

    // struct nlattr
    static final int NLA_HDRLEN = 4;
    static final int NLA_F_NESTED = 1 << 15;
    static final int NLA_F_NET_BYTEORDER = 1 << 14;
    static final int NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER);

    // rtnetlink message types
    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;
    static final int RTM_NEWROUTE = 24;
    static final int RTM_DELROUTE = 25;
    static final int RTM_GETROUTE = 26;

    // struct ifinfomsg (16 octets), IFLA_* attributes
    static final int IFINFOMSG_LEN = 16;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_TXQLEN = 13;
    static final int IFLA_OPERSTATE = 16;

    // struct ifaddrmsg (8 octets), IFA_* attributes
    static final int IFADDRMSG_LEN = 8;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_FLAGS = 8;
    /** Skip IPv6 duplicate address detection: the address is usable at once. */
    static final int IFA_F_NODAD = 0x02;

    // struct rtmsg (12 octets), RTA_* attributes
    static final int RTMSG_LEN = 12;
    static final int RTA_DST = 1;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_PRIORITY = 6;
    static final int RTA_TABLE = 15;

    static final int RT_TABLE_UNSPEC = 0;
    static final int RT_TABLE_MAIN = 254;

    static final int RT_SCOPE_UNIVERSE = 0;
    static final int RT_SCOPE_LINK = 253;
    static final int RT_SCOPE_NOWHERE = 255;

    static final int RTN_UNICAST = 1;

    /** rtm_flags: a cached clone (IPv6 exceptions), not a configured route. */
    static final int RTM_F_CLONED = 0x200;

    // net_device flags (linux/if.h)
    static final int IFF_UP = 0x1;
    static final int IFF_RUNNING = 0x40;
    static final int IFF_LOWER_UP = 0x10000;
}

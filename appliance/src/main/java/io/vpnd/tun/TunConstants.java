package io.vpnd.tun;

/** TUN/TAP and libc constants, named as in {@code linux/if_tun.h}, {@code linux/if.h} and {@code fcntl.h}. */
final class TunConstants {
    private TunConstants() {
    }

    static final String DEV_NET_TUN = "/dev/net/tun";

    /** _IOW('T', 202, int): attach this fd to (creating if needed) the interface named in the ifreq. */
    static final long TUNSETIFF = 0x400454caL;
    /** _IOW('T', 208, unsigned int): offloads the reader accepts (TUN_F_CSUM, TSO4/6, USO4/6) — for IFF_VNET_HDR. */
    static final long TUNSETOFFLOAD = 0x400454d0L;
    /** _IOW('T', 216, int): size of the virtio_net_hdr prefix — for IFF_VNET_HDR. */
    static final long TUNSETVNETHDRSZ = 0x400454d8L;

    /** TUNSETOFFLOAD bits: what the reader of a vnet-header TUN accepts. */
    static final int TUN_F_CSUM = 0x01;
    static final int TUN_F_TSO4 = 0x02;
    static final int TUN_F_TSO6 = 0x04;
    static final int TUN_F_USO4 = 0x20;
    static final int TUN_F_USO6 = 0x40;

    static final short IFF_TUN = 0x0001;
    static final short IFF_NO_PI = 0x1000;
    static final short IFF_MULTI_QUEUE = 0x0100;
    static final short IFF_VNET_HDR = 0x4000;

    /** Interface names hold at most IFNAMSIZ - 1 characters. */
    static final int IFNAMSIZ = 16;
    /** sizeof(struct ifreq) on LP64: 16-octet name + 24-octet union. */
    static final int IFREQ_SIZE = 40;
    static final int IFREQ_FLAGS_OFFSET = 16;

    static final int O_RDWR = 0x2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
}

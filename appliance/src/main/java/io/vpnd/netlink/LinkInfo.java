package io.vpnd.netlink;

/**
 * A network interface as the kernel reports it (RTM_NEWLINK).
 *
 * @param index      interface index
 * @param name       interface name
 * @param flags      {@code net_device} flags (IFF_UP, IFF_RUNNING, IFF_LOWER_UP, …)
 * @param mtu        MTU in octets
 * @param txQueueLength transmit queue length (for a TUN: packets the kernel queues for the reader)
 */
public record LinkInfo(int index, String name, int flags, int mtu, int txQueueLength) {
    /** Administratively up (IFF_UP). */
    public boolean isUp() {
        return (flags & NetlinkConstants.IFF_UP) != 0;
    }

    /** Operationally running (IFF_RUNNING): for a TUN, up and a reader is attached. */
    public boolean isRunning() {
        return (flags & NetlinkConstants.IFF_RUNNING) != 0;
    }
}

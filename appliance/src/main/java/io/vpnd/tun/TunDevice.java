package io.vpnd.tun;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

/**
 * A layer-3 tunnel device: each read yields one IPv4 or IPv6 packet, each write sends one to
 * the host's stack. The Linux implementation is a TUN interface driven by a Netty epoll event
 * loop; {@link InMemoryTunDevice} stands in for it in unit tests.
 *
 * <p>Threading: {@link #start} delivers packets on {@link #eventLoop()}; {@link #write} and
 * {@link #flush} may be called from any thread (calls from other threads are handed to the loop).
 */
public interface TunDevice extends AutoCloseable {
    /** Interface name, e.g. {@code vti-tun1}. */
    String name();

    /** Current MTU. */
    int mtu();

    /** The event loop that reads this device and runs the receiver. */
    EventLoop eventLoop();

    /** Starts reading; packets go to {@code receiver} in batches, on {@link #eventLoop()}. */
    void start(TunReceiver receiver);

    /**
     * Queues one IP packet for the host. Ownership of {@code packet} passes to the device, which
     * releases it whether or not the write succeeds. Returns false if the packet was dropped
     * (queue full, device closed).
     */
    boolean write(ByteBuf packet);

    /** Writes out everything queued by {@link #write}. */
    void flush();

    /** Counters since open: packets and read/write calls (which differ when offloads are on). */
    TunStats stats();

    /** Stops reading and closes the device; the interface disappears with it. Idempotent. */
    @Override
    void close();
}

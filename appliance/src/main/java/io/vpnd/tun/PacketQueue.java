package io.vpnd.tun;

import io.netty.buffer.ByteBuf;
import io.netty.util.internal.PlatformDependent;

import java.util.Queue;

/**
 * The bounded queue between {@code write} (any thread) and {@code flush} (the device's event
 * loop, the only consumer). Whatever it refuses or drops it releases and counts as a write drop,
 * so a caller's packet is never leaked and never silently lost.
 */
final class PacketQueue {
    private final Queue<ByteBuf> queue;
    private final TunCounters counters;

    /** {@code capacity} is rounded up to a power of two (the MPSC array queue's size). */
    PacketQueue(int capacity, TunCounters counters) {
        this.queue = PlatformDependent.newFixedMpscQueue(capacity);
        this.counters = counters;
    }

    /** Queues {@code packet} if {@code accepting} and there is room; otherwise releases and counts it. */
    boolean offer(ByteBuf packet, boolean accepting) {
        if (accepting && queue.offer(packet)) {
            return true;
        }
        counters.writeDrops.increment();
        packet.release();
        return false;
    }

    /** Event loop only. */
    ByteBuf peek() {
        return queue.peek();
    }

    /** Event loop only. */
    ByteBuf poll() {
        return queue.poll();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Releases everything queued, counting each as a write drop. Event loop only (or once it is gone). */
    void dropAll() {
        ByteBuf p;
        while ((p = queue.poll()) != null) {
            counters.writeDrops.increment();
            p.release();
        }
    }
}

package io.vpnd.tun;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * One heap buffer handed out packet after packet, so that a path whose consumer copies and lets go
 * (ESP sealing a segment, a TUN device coalescing on its own loop) allocates nothing per packet.
 * A reference is kept here; when the consumer still holds the last one lent (it queued or kept
 * it, as its reference count shows), that one is left to it and the next packet gets a new buffer.
 * Single-threaded, like the paths that use it.
 */
public final class LentBuffer {
    private static final int MIN_CAPACITY = 2048;

    private ByteBuf held;

    /** An empty heap buffer of at least {@code capacity} octets; the caller owns one reference. */
    public ByteBuf lend(ByteBufAllocator alloc, int capacity) {
        ByteBuf b = held;
        if (b != null && b.refCnt() == 1 && b.capacity() >= capacity) {
            b.clear();
        } else {
            if (b != null) b.release();
            b = alloc.heapBuffer(Math.max(capacity, MIN_CAPACITY));
            held = b;
        }
        return b.retain();
    }

    /** Gives up the reference kept here (the owner is going away). */
    public void release() {
        if (held != null) {
            held.release();
            held = null;
        }
    }
}

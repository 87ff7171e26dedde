package io.vpnd.tun;

/**
 * How to open a TUN device.
 *
 * @param name               interface name (at most 15 characters; a {@code %d} pattern lets the
 *                           kernel pick the number)
 * @param mtu                MTU to set on open; 0 keeps the kernel's default (1500)
 * @param multiQueue         IFF_MULTI_QUEUE: several devices may open the same name, one queue
 *                           each, for reading on several event loops
 * @param vnetHeader         IFF_VNET_HDR + TUNSETOFFLOAD (checksum, TSO4/6, USO where the kernel has
 *                           it): the kernel hands over 64 KiB super-packets, which the device splits
 *                           into IP packets, and takes coalesced TCP segments on writes. The receiver
 *                           still sees plain IP packets, always in heap buffers
 * @param readBuffers        whether packets are handed to the receiver in heap or direct buffers
 *                           (ignored with {@code vnetHeader}: heap)
 * @param readBudget         packets read per event-loop wake-up at most, before other channels get a turn
 * @param writeQueueCapacity packets queued by write() before flush() at most (rounded up to a power of two)
 */
public record TunOptions(String name, int mtu, boolean multiQueue, boolean vnetHeader,
                         ReadBuffers readBuffers, int readBudget, int writeQueueCapacity) {

    /** Where read packets live. */
    public enum ReadBuffers {
        /**
         * Heap buffers with an accessible array, as JCA ciphers want. The kernel can only copy into
         * native memory, so each packet is read into a direct scratch buffer and copied once.
         */
        HEAP,
        /** Pooled direct buffers the kernel reads into: no copy, but no backing array. */
        DIRECT
    }

    public static final int DEFAULT_READ_BUDGET = 64;
    public static final int DEFAULT_WRITE_QUEUE_CAPACITY = 1024;

    public TunOptions {
        if (name == null || name.isEmpty() || name.length() >= TunConstants.IFNAMSIZ) {
            throw new IllegalArgumentException("TUN name must have 1.." + (TunConstants.IFNAMSIZ - 1)
                    + " characters: " + name);
        }
        if (name.indexOf('/') >= 0 || name.indexOf(':') >= 0 || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("TUN name must not contain '/', ':' or blanks: " + name);
        }
        if (mtu != 0 && (mtu < 68 || mtu > 65535)) {
            throw new IllegalArgumentException("MTU must be 0 (kernel default) or 68..65535: " + mtu);
        }
        if (readBuffers == null) {
            throw new IllegalArgumentException("readBuffers");
        }
        if (readBudget < 1 || readBudget > 4096) {
            throw new IllegalArgumentException("read budget must be 1..4096: " + readBudget);
        }
        if (writeQueueCapacity < 2 || writeQueueCapacity > 1 << 20) {
            throw new IllegalArgumentException("write queue capacity must be 2..2^20: " + writeQueueCapacity);
        }
    }

    /** A single-queue device named {@code name}: kernel MTU, heap buffers, default budget and queue. */
    public static TunOptions named(String name) {
        return new TunOptions(name, 0, false, false, ReadBuffers.HEAP, DEFAULT_READ_BUDGET,
                DEFAULT_WRITE_QUEUE_CAPACITY);
    }

    public TunOptions withMtu(int newMtu) {
        return new TunOptions(name, newMtu, multiQueue, vnetHeader, readBuffers, readBudget, writeQueueCapacity);
    }

    public TunOptions withMultiQueue(boolean on) {
        return new TunOptions(name, mtu, on, vnetHeader, readBuffers, readBudget, writeQueueCapacity);
    }

    public TunOptions withVnetHeader(boolean on) {
        return new TunOptions(name, mtu, multiQueue, on, readBuffers, readBudget, writeQueueCapacity);
    }

    public TunOptions withReadBuffers(ReadBuffers kind) {
        return new TunOptions(name, mtu, multiQueue, vnetHeader, kind, readBudget, writeQueueCapacity);
    }

    public TunOptions withReadBudget(int packets) {
        return new TunOptions(name, mtu, multiQueue, vnetHeader, readBuffers, packets, writeQueueCapacity);
    }

    public TunOptions withWriteQueueCapacity(int packets) {
        return new TunOptions(name, mtu, multiQueue, vnetHeader, readBuffers, readBudget, packets);
    }

    /** The ifr_flags for TUNSETIFF. */
    short ifrFlags() {
        int f = TunConstants.IFF_TUN | TunConstants.IFF_NO_PI;
        if (multiQueue) {
            f |= TunConstants.IFF_MULTI_QUEUE;
        }
        if (vnetHeader) {
            f |= TunConstants.IFF_VNET_HDR;
        }
        return (short) f;
    }
}

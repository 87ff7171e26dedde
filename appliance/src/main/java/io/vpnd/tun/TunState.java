package io.vpnd.tun;

/**
 * Life of a {@link TunDevice}.
 *
 * <pre>
 *   OPEN --start--&gt; READING --fatal read error / device detached--&gt; FAILED
 *     \                 \                                               |
 *      +----close--------+-----------------close------------------------+--&gt; CLOSED
 * </pre>
 *
 * Writes are accepted in OPEN and READING (a TUN can be written before anyone reads it); in
 * FAILED and CLOSED they are dropped and counted.
 */
public enum TunState {
    /** The device exists; nothing is read yet. */
    OPEN,
    /** Packets are read and handed to the receiver. */
    READING,
    /** The device broke (e.g. the interface was deleted under us); it reads and writes nothing. */
    FAILED,
    /** Closed by its owner; the interface is gone. */
    CLOSED;

    boolean acceptsWrites() {
        return this == OPEN || this == READING;
    }

    boolean canMoveTo(TunState next) {
        switch (this) {
            case OPEN: return next == READING || next == FAILED || next == CLOSED;
            case READING: return next == FAILED || next == CLOSED;
            case FAILED: return next == CLOSED;
            default: return false;
        }
    }
}

package io.vpnd.tun;

import java.util.concurrent.atomic.LongAdder;

/**
 * Mutable counters behind {@link TunStats}. All but {@link #writeDrops} are written only by the
 * device's event loop (so a volatile single-writer increment is enough); write drops also happen
 * on producer threads.
 */
final class TunCounters {
    volatile long packetsRead;
    volatile long bytesRead;
    volatile long readBatches;
    volatile long readErrors;
    volatile long readDrops;
    volatile long packetsWritten;
    volatile long bytesWritten;
    volatile long writeErrors;
    volatile long framesRead;
    volatile long framesWritten;
    final LongAdder writeDrops = new LongAdder();

    TunStats snapshot() {
        return new TunStats(packetsRead, bytesRead, readBatches, readErrors, readDrops,
                packetsWritten, bytesWritten, writeDrops.sum(), writeErrors, framesRead, framesWritten);
    }
}

package io.vpnd.dataplane;

import java.util.concurrent.atomic.LongAdder;

/**
 * Inner traffic of one tunnel across all its SAs and rekeys, like AWS's TunnelDataIn/Out.
 * Updated on data-plane threads, read by metrics and the management API.
 */
public final class TunnelCounters {
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder packetsIn = new LongAdder();
    final LongAdder packetsOut = new LongAdder();
    final LongAdder drops = new LongAdder();

    public long bytesIn() { return bytesIn.sum(); }

    public long bytesOut() { return bytesOut.sum(); }

    public long packetsIn() { return packetsIn.sum(); }

    public long packetsOut() { return packetsOut.sum(); }

    /** Packets of this tunnel dropped for any reason. */
    public long drops() { return drops.sum(); }

    void received(int bytes) {
        bytesIn.add(bytes);
        packetsIn.increment();
    }

    void sent(int bytes) {
        bytesOut.add(bytes);
        packetsOut.increment();
    }
}

package io.vpnd.dataplane;

import io.netty.util.collection.IntObjectHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Inbound SAs keyed by SPI. Reads on the packet path are lock-free and allocation-free (an
 * unboxed int map published copy-on-write); installs and removals, which happen a few times an
 * hour per tunnel, copy the map.
 */
final class SaDatabase {
    private volatile IntObjectHashMap<InstalledSa> inbound = new IntObjectHashMap<>();

    InstalledSa inbound(int spi) {
        return inbound.get(spi);
    }

    synchronized boolean addInbound(InstalledSa sa) {
        int spi = sa.esp.spi();
        if (inbound.containsKey(spi)) return false;
        IntObjectHashMap<InstalledSa> next = new IntObjectHashMap<>(inbound.size() + 1);
        next.putAll(inbound);
        next.put(spi, sa);
        inbound = next;
        return true;
    }

    synchronized InstalledSa removeInbound(int spi) {
        if (!inbound.containsKey(spi)) return null;
        IntObjectHashMap<InstalledSa> next = new IntObjectHashMap<>(inbound.size());
        next.putAll(inbound);
        InstalledSa removed = next.remove(spi);
        inbound = next;
        return removed;
    }

    List<InstalledSa> allInbound() {
        return new ArrayList<>(inbound.values());
    }
}

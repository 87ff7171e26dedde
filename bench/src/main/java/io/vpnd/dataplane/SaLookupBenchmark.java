package io.vpnd.dataplane;

import io.vpnd.bench.BenchSas;
import io.vpnd.esp.ChildSaSpec;
import io.vpnd.esp.EspSa;
import io.vpnd.esp.SaDirection;
import io.vpnd.esp.SaEventListener;
import io.vpnd.net.TrafficSelector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The inbound SA lookup by SPI ({@link SaDatabase}), with as many SAs as a hub carries: random
 * hits, and misses (unknown SPIs, which garbage and stale peers send); and the outbound lookup by
 * traffic selector among a tunnel's SAs ({@link TunnelPort#select}), two while a rekey drains the
 * old one. Lives in the data plane's package because both are package-private.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SaLookupBenchmark {
    private static final int PROBES = 1 << 14;

    @Param({"2", "200", "2000", "20000"})
    public int sas;

    private SaDatabase db;
    private int[] hits;
    private int[] misses;
    private int i;
    private TunnelPort port;
    private byte[] packet;

    @Setup(Level.Trial)
    public void setUp() {
        db = new SaDatabase();
        Random rnd = new Random(9);
        int[] spis = new int[sas];
        // one EspSa stands in for all: the lookup never looks inside
        EspSa esp = BenchSas.sa(BenchSas.Suite.GCM128, SaDirection.INBOUND, 0x100, 0);
        for (int k = 0; k < sas; k++) {
            int spi;
            do {
                spi = rnd.nextInt() | 0x100; // never 0..255 (RFC 4303 §2.1 reserved)
            } while (!db.addInbound(new InstalledSa(stub(esp, spi), esp.spec(), null)));
            spis[k] = spi;
        }
        hits = new int[PROBES];
        misses = new int[PROBES];
        for (int k = 0; k < PROBES; k++) {
            hits[k] = spis[rnd.nextInt(sas)];
            int m;
            do {
                m = rnd.nextInt() | 0x100;
            } while (db.inbound(m) != null);
            misses[k] = m;
        }
        port = new TunnelPort("bench", null, null, 0, 0);
        List<TrafficSelector> local = List.of(TrafficSelector.ofCidr("198.51.100.0/24"));
        // the packet (to 203.0.113.1) misses the newer SA's selectors and matches the draining one's
        port.addOutbound(outbound(0x2001, local, List.of(TrafficSelector.ofCidr("203.0.113.0/24"))));
        port.addOutbound(outbound(0x2002, local, List.of(TrafficSelector.ofCidr("203.0.113.128/25"))));
        packet = BenchSas.udp4(1400);
        if (port.select(packet, 0, packet.length, 4) == null) throw new IllegalStateException("no outbound SA matched");
    }

    private static InstalledSa outbound(int spi, List<TrafficSelector> local, List<TrafficSelector> remote) {
        ChildSaSpec spec = BenchSas.spec(BenchSas.Suite.GCM128, SaDirection.OUTBOUND, spi, 0, local, remote);
        return new InstalledSa(new EspSa(spec, SaEventListener.NONE), spec, null);
    }

    /** An SA with the given SPI (the database keys by it). */
    private static EspSa stub(EspSa template, int spi) {
        return BenchSas.sa(BenchSas.Suite.GCM128, SaDirection.INBOUND, spi, 0);
    }

    @Benchmark
    public InstalledSa hit() {
        return db.inbound(hits[i++ & (PROBES - 1)]);
    }

    @Benchmark
    public InstalledSa miss() {
        return db.inbound(misses[i++ & (PROBES - 1)]);
    }

    @Benchmark
    public InstalledSa outboundBySelector() {
        return port.select(packet, 0, packet.length, 4);
    }
}

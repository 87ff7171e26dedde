package io.vpnd.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vpnd.control.Tunnel;
import io.vpnd.control.TunnelState;
import io.vpnd.dataplane.DataPlane;
import io.vpnd.dataplane.TunnelCounters;
import io.vpnd.net.DropReason;
import io.vpnd.tun.TunDevice;
import io.vpnd.tun.TunStats;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * vpnd's Micrometer registry, scraped as Prometheus text. Per tunnel, like AWS's CloudWatch
 * tunnel metrics: {@code vpnd_tunnel_state} (1 up, 0 otherwise), inner bytes and packets each
 * way; drops by reason; IKE and Child SA establishments, rekeys, DPD timeouts, IKE round-trip
 * time; plus JVM and process metrics. Counters read the data plane's own counters when scraped,
 * so nothing here runs per packet.
 */
public final class VpndMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public VpndMetrics(DataPlane dataPlane) {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        for (DropReason r : DropReason.values()) {
            FunctionCounter.builder("vpnd.drops", dataPlane.drops(), d -> d.get(r))
                    .description("packets dropped by the data plane, by reason")
                    .tag("reason", r.label()).register(registry);
        }
        FunctionCounter.builder("vpnd.natt.keepalives.received", dataPlane, DataPlane::keepalivesReceived)
                .description("NAT-T keepalives received").register(registry);
        FunctionCounter.builder("vpnd.esp.handoffs", dataPlane, DataPlane::inboundHandoffs)
                .description("ESP packets opened on another thread than their tunnel's interface (not steered by SPI)")
                .register(registry);
    }

    /**
     * Exports a counter read from {@code source} when scraped (e.g. IKE's drop counts). Micrometer
     * keeps only a weak reference to {@code source}: pass the long-lived object itself, never a
     * lambda or method reference made for the occasion, which would be collected and read as 0.
     */
    public <T> void counter(String name, String description, T source, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, source, value).description(description).register(registry);
    }

    /** Starts exporting a tunnel's state and traffic. */
    public void bindTunnel(Tunnel tunnel) {
        Tags tags = Tags.of("tunnel", tunnel.name());
        Gauge.builder("vpnd.tunnel.state", tunnel, t -> t.state() == TunnelState.UP ? 1 : 0)
                .description("1 when the tunnel is up (a Child SA pair installed), 0 otherwise")
                .tags(tags).register(registry);
        counter("vpnd.tunnel.bytes.in", "inner octets received through the tunnel", tunnel, tags, TunnelCounters::bytesIn);
        counter("vpnd.tunnel.bytes.out", "inner octets sent through the tunnel", tunnel, tags, TunnelCounters::bytesOut);
        counter("vpnd.tunnel.packets.in", "inner packets received through the tunnel", tunnel, tags, TunnelCounters::packetsIn);
        counter("vpnd.tunnel.packets.out", "inner packets sent through the tunnel", tunnel, tags, TunnelCounters::packetsOut);
        counter("vpnd.tunnel.drops", "packets of this tunnel dropped, all reasons", tunnel, tags, TunnelCounters::drops);
    }

    /**
     * Exports a tunnel interface's packet and read/write-call counts: with TUN offloads on, one
     * read carries a super-packet of many packets, so packets per frame shows what offloads buy.
     */
    public void bindInterface(String tunnel, TunDevice tun) {
        Tags tags = Tags.of("tunnel", tunnel, "interface", tun.name());
        tunCounter("vpnd.tun.packets.read", "packets read from the tunnel interface", tun, tags, TunStats::packetsRead);
        tunCounter("vpnd.tun.frames.read", "read calls on the tunnel interface (super-packets with offloads)", tun, tags, TunStats::framesRead);
        tunCounter("vpnd.tun.packets.written", "packets written to the tunnel interface", tun, tags, TunStats::packetsWritten);
        tunCounter("vpnd.tun.frames.written", "write calls on the tunnel interface (coalesced with offloads)", tun, tags, TunStats::framesWritten);
    }

    private void tunCounter(String name, String description, TunDevice tun, Tags tags, ToDoubleFunction<TunStats> f) {
        FunctionCounter.builder(name, tun, t -> f.applyAsDouble(t.stats())).description(description).tags(tags).register(registry);
    }

    private void counter(String name, String description, Tunnel tunnel, Tags tags, ToDoubleFunction<TunnelCounters> f) {
        FunctionCounter.builder(name, tunnel, t -> {
            TunnelCounters c = t.counters();
            return c == null ? 0 : f.applyAsDouble(c);
        }).description(description).tags(tags).register(registry);
    }

    /** Stops exporting a tunnel (removed by a reload). */
    public void unbindTunnel(String tunnel) {
        for (Meter m : registry.getMeters()) {
            if (tunnel.equals(m.getId().getTag("tunnel"))) registry.remove(m);
        }
    }

    /** An IKE SA was established (initially or by rekeying). */
    public void ikeSaEstablished(String tunnel) {
        event("vpnd.ike.sa.established", "IKE SAs established", tunnel);
    }

    /** A Child SA pair was installed (initially or by rekeying). */
    public void childSaEstablished(String tunnel) {
        event("vpnd.child.sa.established", "Child SA pairs installed", tunnel);
    }

    /** A rekey completed; {@code kind} is "ike" or "child". */
    public void rekeyed(String tunnel, String kind) {
        Counter.builder("vpnd.rekeys").description("completed rekeys").tags("tunnel", tunnel, "kind", kind)
                .register(registry).increment();
    }

    /** The peer did not answer liveness checks within the DPD timeout. */
    public void dpdTimeout(String tunnel) {
        event("vpnd.dpd.timeouts", "dead peer detections", tunnel);
    }

    /** An IKE exchange completed after {@code rtt}. */
    public void ikeRoundTrip(String tunnel, Duration rtt) {
        io.micrometer.core.instrument.Timer.builder("vpnd.ike.rtt").description("IKE request/response round-trip time")
                .tags("tunnel", tunnel).register(registry).record(rtt.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void event(String name, String description, String tunnel) {
        Counter.builder(name).description(description).tags("tunnel", tunnel).register(registry).increment();
    }

    /** Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}

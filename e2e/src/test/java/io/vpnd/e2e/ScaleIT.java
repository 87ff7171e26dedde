package io.vpnd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A transit-hub load: two daemons with 1,000 route-based tunnels each (one TUN interface per
 * tunnel, all to the same peer address; manually keyed, and again over IKEv2), 100 of them
 * carrying pings at the same time. Every tunnel must come UP, every active tunnel must deliver all its pings with counters
 * that agree between the daemons, idle tunnels must stay silent, and the daemons must run on a
 * fixed set of threads (the event loops are shared; a thread per tunnel would show as 1,000)
 * inside their bounded heap, and every ESP packet must be opened on its tunnel's own event loop
 * (three loops, SPI steering). Thread count, heap and RSS are printed for the record.
 */
class ScaleIT {
    private static final int TUNNELS = 1000;
    private static final int ACTIVE_EVERY = 10;
    private static final int PINGS = 10;
    /** JVM, GC, JIT, event loops, IKE, API and metrics threads; a per-tunnel thread would blow through this. */
    private static final int MAX_THREADS = 80;
    /** Well above the ~200 MB of one tunnel, well below what 1,000 of anything per-tunnel-heavy would need. */
    private static final long MAX_RSS_MB = 600;
    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path dir;
    private NetnsLab lab;
    private VpndProcess left;
    private VpndProcess right;

    @BeforeEach
    void setUp() throws Exception {
        Prerequisites.requireNetnsAndTun();
        Prerequisites.requireCommand("ping");
        Prerequisites.requireCommand("curl");
        Prerequisites.requireBuiltVpnd();
        lab = NetnsLab.twoGateways("scl");
    }

    @AfterEach
    void tearDown() {
        if (left != null) left.close();
        if (right != null) right.close();
        if (lab != null) lab.close();
    }

    /** Inside address of tunnel {@code i} on side L (host 1) or R (host 2) of its own 169.254.x.y/30. */
    static String inside(int i, int host) {
        int base = i * 4 + host;
        return "169.254." + (base >> 8) + "." + (base & 0xff);
    }

    /** Manual keys when {@code keysIn} is given, else IKEv2 with a pre-shared key and identities per tunnel. */
    private static String config(Path dir, String side, String local, String remote, int spiInBase, int spiOutBase,
                                 List<String> keysIn, List<String> keysOut, int host) {
        StringBuilder y = new StringBuilder("""
                api:
                  socket: %s/%s.sock
                ike:
                  address: %s
                metrics:
                  prometheus: 127.0.0.1:9469
                dataplane:
                  threads: 3
                tunnels:
                """.formatted(dir, side, local));
        for (int i = 0; i < TUNNELS; i++) {
            String me = inside(i, host);
            String peer = inside(i, 3 - host);
            String keying = keysIn != null ? """
                        manual:
                          spiIn: 0x%08x
                          spiOut: 0x%08x
                          proposal: aes256gcm16
                          keyIn: "%s"
                          keyOut: "%s"
                    """.formatted(spiInBase + i, spiOutBase + i, keysIn.get(i), keysOut.get(i)) : """
                        auth: { psk: "scale-secret-%03d-0123456789" }
                        ike: { proposals: [aes256gcm16-prfsha256-ecp256] }
                        esp: { proposals: [aes256gcm16] }
                        start: %s
                    """.formatted(i, host == 1 ? "initiate" : "respond");
            y.append("""
                      s%03d:
                        local: { address: %s, id: %s%03d.scale.test }
                        remote: { address: %s, id: %s%03d.scale.test }
                    %s    selectors: { local: [%s/32], remote: [%s/32] }
                        interface: { name: vs%03d, mtu: 1400, address: %s/30 }
                    """.formatted(i, local, host == 1 ? "l" : "r", i, remote, host == 1 ? "r" : "l", i, keying,
                    me, peer, i, me));
        }
        return y.toString();
    }

    @Test
    void thousandManualTunnelsHundredActiveOnFixedThreadsAndBoundedMemory() throws Exception {
        SecureRandom rnd = new SecureRandom();
        HexFormat hex = HexFormat.of();
        List<String> lr = new ArrayList<>();
        List<String> rl = new ArrayList<>();
        for (int i = 0; i < TUNNELS; i++) {
            byte[] a = new byte[36];
            byte[] b = new byte[36];
            rnd.nextBytes(a);
            rnd.nextBytes(b);
            lr.add(hex.formatHex(a));
            rl.add(hex.formatHex(b));
        }
        runPair(lr, rl);
    }

    /**
     * The same with IKEv2: 1,000 IKE SAs between one pair of addresses, told apart by identity.
     * The initiator paces itself per peer, so the responder's half-open limit never drops one.
     */
    @Test
    void thousandIkeTunnelsToOnePeerComeUpAndCarryTraffic() throws Exception {
        runPair(null, null);
    }

    /** Both daemons up, traffic, checks; manual keys per direction of each tunnel, or IKEv2 when null. */
    private void runPair(List<String> keysLeftToRight, List<String> keysRightToLeft) throws Exception {
        Path l = dir.resolve("L.yaml");
        Path r = dir.resolve("R.yaml");
        Files.writeString(l, config(dir, "L", "192.0.2.1", "192.0.2.2", 0x30000000, 0x20000000,
                keysRightToLeft, keysLeftToRight, 1));
        Files.writeString(r, config(dir, "R", "192.0.2.2", "192.0.2.1", 0x20000000, 0x30000000,
                keysLeftToRight, keysRightToLeft, 2));
        boolean manual = keysLeftToRight != null;

        long t0 = System.nanoTime();
        left = VpndProcess.start(lab.ns("L"), l, dir.resolve("L.sock"), START);
        right = VpndProcess.start(lab.ns("R"), r, dir.resolve("R.sock"), START);
        awaitAllUp(left);
        awaitAllUp(right);
        long upMs = (System.nanoTime() - t0) / 1_000_000;

        // 100 tunnels at once, 10 pings each, from one shell so that they really overlap
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < TUNNELS; i += ACTIVE_EVERY) {
            script.append("ping -q -c ").append(PINGS).append(" -i 0.1 -W 3 -I ").append(inside(i, 1)).append(' ')
                    .append(inside(i, 2)).append(" > ").append(dir.resolve("ping-" + i)).append(" 2>&1 &\n");
        }
        script.append("wait\n");
        Cmd.Result pings = lab.exec("L", Duration.ofSeconds(60), "sh", "-c", script.toString());
        assertEquals(0, pings.exit(), pings.err());
        for (int i = 0; i < TUNNELS; i += ACTIVE_EVERY) {
            String out = Files.readString(dir.resolve("ping-" + i));
            assertTrue(out.contains(PINGS + " received"), "tunnel s" + i + " lost pings:\n" + out);
        }

        VpndProcess.sleep(500);
        Map<String, JsonNode> ls = byName(left.status());
        Map<String, JsonNode> rs = byName(right.status());
        for (int i = 0; i < TUNNELS; i++) {
            String name = "s%03d".formatted(i);
            JsonNode a = ls.get(name);
            JsonNode b = rs.get(name);
            String both = name + "\nleft: " + a + "\nright: " + b;
            Traffic.countersAgree(a, b, name);
            if (i % ACTIVE_EVERY == 0) {
                assertEquals(PINGS, a.path("packetsIn").asLong(), "replies through " + both);
            } else {
                assertEquals(0, a.path("packetsIn").asLong() + b.path("packetsIn").asLong(), "idle tunnel stayed silent: " + both);
            }
        }

        for (VpndProcess v : List.of(left, right)) {
            Map<String, Long> proc = procStatus(v.pid());
            String metrics = Metrics.scrape(lab, v == left ? "L" : "R");
            long heapUsedMb = (long) (Metrics.sum(metrics, "jvm_memory_used_bytes{area=\"heap\"") / (1 << 20));
            long heapMaxMb = (long) (Metrics.sum(metrics, "jvm_memory_max_bytes{area=\"heap\"") / (1 << 20));
            long directMb = (long) (Metrics.sum(metrics, "jvm_buffer_memory_used_bytes{id=\"direct\"") / (1 << 20));
            System.out.printf("ScaleIT %s (%s): %d tunnels UP in %d ms, %d threads, heap used %d MB of max %d MB,"
                            + " direct buffers %d MB, RSS %d MB (peak %d MB)%n",
                    v == left ? "L" : "R", manual ? "manual" : "IKEv2", TUNNELS, upMs, proc.get("Threads"), heapUsedMb, heapMaxMb, directMb,
                    proc.get("VmRSS") / 1024, proc.get("VmHWM") / 1024);
            assertTrue(proc.get("Threads") <= MAX_THREADS, "threads do not grow with tunnels: " + proc.get("Threads"));
            assertTrue(proc.get("VmRSS") / 1024 <= MAX_RSS_MB, "RSS " + proc.get("VmRSS") / 1024 + " MB");
            assertTrue(heapMaxMb > 0 && heapMaxMb <= 1024, "the heap is bounded: max " + heapMaxMb + " MB");
            if (!manual) {
                for (String counter : List.of("vpnd_ike_dropped_total", "vpnd_ike_overflow_total", "vpnd_ike_cookies_sent_total")) {
                    assertEquals(0, Metrics.sum(metrics, counter), counter + ": the responder's flood protection never"
                            + " took the 1,000 initiations for a flood");
                }
            }
            // three loops, one pair of outer addresses: without SPI steering the kernel would hand all
            // ESP to one socket and two thirds of the tunnels would cross threads
            assertEquals(0, Metrics.sum(metrics, "vpnd_esp_handoffs_total"),
                    "every ESP packet opened on its tunnel's own thread");
            // one 64 KiB bounce buffer per event loop, not per interface (1,000 interfaces would hold 64 MB)
            assertTrue(directMb <= 48, "direct buffers do not grow with idle interfaces: " + directMb + " MB");
        }

        assertEquals(0, left.stop(Duration.ofSeconds(60)), "vpnd exits 0 on SIGTERM\n" + left.log());
        assertNotEquals(0, lab.exec("L", Duration.ofSeconds(20), "ip", "link", "show", "vs999").exit(),
                "interfaces removed on stop");
    }

    private void awaitAllUp(VpndProcess v) {
        long end = System.nanoTime() + START.toNanos();
        long up = 0;
        while (System.nanoTime() < end) {
            JsonNode tunnels = v.status().path("tunnels");
            up = 0;
            for (JsonNode t : tunnels) if ("UP".equals(t.path("state").asText())) up++;
            if (up == TUNNELS) return;
            VpndProcess.sleep(500);
        }
        fail(up + " of " + TUNNELS + " tunnels UP after " + START + "\n" + v.log());
    }

    private static Map<String, JsonNode> byName(JsonNode status) {
        Map<String, JsonNode> m = new HashMap<>();
        for (JsonNode t : status.path("tunnels")) m.put(t.path("name").asText(), t);
        assertEquals(TUNNELS, m.size(), "every tunnel is listed");
        return m;
    }

    /** Numeric fields of /proc/PID/status (kB for the Vm* ones). */
    private static Map<String, Long> procStatus(long pid) throws Exception {
        Map<String, Long> m = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            String[] kv = line.split(":\\s+", 2);
            if (kv.length == 2 && kv[1].matches("\\d+( kB)?")) m.put(kv[0], Long.parseLong(kv[1].split(" ")[0]));
        }
        return m;
    }
}

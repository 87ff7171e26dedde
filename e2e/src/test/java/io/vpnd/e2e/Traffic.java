package io.vpnd.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Traffic through a tunnel between two lab namespaces: pings and a checksummed TCP transfer. */
public final class Traffic {
    private static final Duration CMD = Duration.ofSeconds(60);

    private Traffic() {
    }

    /** Five pings from {@code from} (bound to that address) in namespace side {@code side}; all must come back. */
    public static void ping(NetnsLab lab, String side, String from, String to, String context) {
        Cmd.Result r = lab.exec(side, CMD, "ping", "-c", "5", "-i", "0.2", "-W", "2", "-I", from, to);
        assertEquals(0, r.exit(), "ping " + from + " -> " + to + " failed:\n" + r.out() + r.err() + "\n" + context);
        assertTrue(r.out().contains(" 0% packet loss"), r.out() + "\n" + context);
    }

    /** Pings until one answers, for at most {@code timeout}. */
    public static boolean pingable(NetnsLab lab, String side, String from, String to, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (lab.exec(side, CMD, "ping", "-c", "1", "-W", "1", "-I", from, to).exit() == 0) return true;
        }
        return false;
    }

    /**
     * Asserts that what one daemon counts as sent through {@code tunnel} the other counts as
     * received, packets and octets, both ways (after a moment for packets in flight); returns
     * {@code left}'s view of the tunnel.
     */
    public static JsonNode countersAgree(VpndProcess left, VpndProcess right, String tunnel) throws Exception {
        VpndProcess.sleep(500);
        JsonNode l = left.tunnel(tunnel);
        countersAgree(l, right.tunnel(tunnel), tunnel);
        return l;
    }

    /** The same check on two status entries of {@code tunnel} already fetched (one per daemon). */
    public static void countersAgree(JsonNode l, JsonNode r, String tunnel) {
        String both = " (" + tunnel + ")\nleft: " + l + "\nright: " + r;
        assertEquals(l.path("packetsOut").asLong(), r.path("packetsIn").asLong(), "left sent = right received" + both);
        assertEquals(r.path("packetsOut").asLong(), l.path("packetsIn").asLong(), "right sent = left received" + both);
        assertEquals(l.path("bytesOut").asLong(), r.path("bytesIn").asLong(), "octets left -> right" + both);
        assertEquals(r.path("bytesOut").asLong(), l.path("bytesIn").asLong(), "octets right -> left" + both);
    }

    /**
     * Sends {@code size} random octets over TCP from {@code fromSide}/{@code fromAddr} to a socat
     * listening on {@code toSide}/{@code toAddr} and asserts that what arrived is what was sent.
     * IPv6 addresses (plain, without brackets) go over TCP6.
     */
    public static void tcpTransfer(NetnsLab lab, Path dir, String fromSide, String fromAddr, String toSide, String toAddr,
                                   int size) throws Exception {
        byte[] data = new byte[size];
        new SecureRandom().nextBytes(data);
        Path send = dir.resolve("send.bin");
        Path recv = dir.resolve("recv.bin");
        Files.write(send, data);
        Files.deleteIfExists(recv);
        boolean v6 = toAddr.contains(":");
        String tcp = v6 ? "TCP6" : "TCP";
        String to = v6 ? "[" + toAddr + "]" : toAddr;
        String from = v6 ? "[" + fromAddr + "]" : fromAddr;
        Process sink = new ProcessBuilder(Cmd.inNetns(lab.ns(toSide), "socat", "-u",
                tcp + "-LISTEN:5001,bind=" + to + ",reuseaddr", "OPEN:" + recv + ",creat,trunc"))
                .redirectErrorStream(true).start();
        try {
            Cmd.Result s = null;
            for (int i = 0; i < 25; i++) {
                s = lab.exec(fromSide, CMD, "socat", "-u", "OPEN:" + send, tcp + ":" + to + ":5001,bind=" + from);
                if (s.exit() == 0) break;
                VpndProcess.sleep(200);
            }
            assertEquals(0, s.exit(), "TCP send failed: " + s.err());
            assertTrue(sink.waitFor(60, TimeUnit.SECONDS), "receiver finished");
        } finally {
            sink.destroy();
        }
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data),
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(recv)),
                "what arrived through the tunnel is what was sent");
    }
}

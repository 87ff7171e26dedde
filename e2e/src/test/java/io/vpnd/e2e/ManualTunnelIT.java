package io.vpnd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two {@code bin/vpnd} processes in two namespaces with a manually keyed tunnel: ping both ways
 * over IPv4 and IPv6, a TCP transfer whose checksum must match, and traffic counters in both
 * daemons that agree with each other. Then SIGTERM, after which the interfaces are gone.
 */
class ManualTunnelIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration CMD = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private NetnsLab lab;
    private VpndProcess left;
    private VpndProcess right;

    @BeforeEach
    void setUp() throws Exception {
        Prerequisites.requireNetnsAndTun();
        Prerequisites.requireCommand("ping");
        Prerequisites.requireCommand("socat");
        Prerequisites.requireBuiltVpnd();
        lab = NetnsLab.twoGateways("man");
    }

    @AfterEach
    void tearDown() {
        if (left != null) left.close();
        if (right != null) right.close();
        if (lab != null) lab.close();
    }

    static String config(Path dir, String side, String local, String remote, String lnet, String rnet,
                         String lnet6, String rnet6, String spiIn, String spiOut, String keyIn, String keyOut,
                         String inside, String proposal, String extra) {
        return """
                api:
                  socket: %s/%s.sock
                ike:
                  address: %s
                tunnels:
                  t1:
                    local:
                      address: %s
                    remote:
                      address: %s
                    manual:
                      spiIn: %s
                      spiOut: %s
                      proposal: %s
                      keyIn: "%s"
                      keyOut: "%s"
                %s
                    selectors:
                      local: [%s, %s]
                      remote: [%s, %s]
                    interface:
                      name: vti-t1
                      mtu: 1400
                      address: %s
                    routes: [%s, %s]
                """.formatted(dir, side, local, local, remote, spiIn, spiOut, proposal, keyIn, keyOut, extra,
                lnet, lnet6, rnet, rnet6, inside, rnet, rnet6);
    }

    private void startPair(String proposal, int keyOctets, int authOctets) throws Exception {
        SecureRandom rnd = new SecureRandom();
        HexFormat hex = HexFormat.of();
        byte[] kLr = new byte[keyOctets];
        byte[] kRl = new byte[keyOctets];
        rnd.nextBytes(kLr);
        rnd.nextBytes(kRl);
        String extraL = "";
        String extraR = "";
        if (authOctets > 0) {
            byte[] aLr = new byte[authOctets];
            byte[] aRl = new byte[authOctets];
            rnd.nextBytes(aLr);
            rnd.nextBytes(aRl);
            extraL = "      authKeyIn: \"" + hex.formatHex(aRl) + "\"\n      authKeyOut: \"" + hex.formatHex(aLr) + "\"";
            extraR = "      authKeyIn: \"" + hex.formatHex(aLr) + "\"\n      authKeyOut: \"" + hex.formatHex(aRl) + "\"";
        }
        Path l = dir.resolve("L.yaml");
        Path r = dir.resolve("R.yaml");
        Files.writeString(l, config(dir, "L", "192.0.2.1", "192.0.2.2", "198.51.100.0/24", "203.0.113.0/24",
                "2001:db8:1::/48", "2001:db8:2::/48", "0xc0000201", "0xc0000102", hex.formatHex(kRl), hex.formatHex(kLr),
                "169.254.10.1/30", proposal, extraL));
        Files.writeString(r, config(dir, "R", "192.0.2.2", "192.0.2.1", "203.0.113.0/24", "198.51.100.0/24",
                "2001:db8:2::/48", "2001:db8:1::/48", "0xc0000102", "0xc0000201", hex.formatHex(kLr), hex.formatHex(kRl),
                "169.254.10.2/30", proposal, extraR));
        left = VpndProcess.start(lab.ns("L"), l, dir.resolve("L.sock"), START);
        right = VpndProcess.start(lab.ns("R"), r, dir.resolve("R.sock"), START);
        left.awaitState("t1", "UP", START);
        right.awaitState("t1", "UP", START);
    }

    private void ping(String side, String from, String to) {
        Cmd.Result r = lab.exec(side, CMD, "ping", "-c", "5", "-i", "0.2", "-W", "2", "-I", from, to);
        assertEquals(0, r.exit(), "ping " + from + " -> " + to + " failed:\n" + r.out() + r.err()
                + "\nleft log:\n" + left.log() + "\nright log:\n" + right.log());
        assertTrue(r.out().contains(" 0% packet loss"), r.out());
    }

    @Test
    void aesGcmTunnelCarriesIpv4Ipv6AndTcpWithMatchingCounters() throws Exception {
        startPair("aes256gcm16", 36, 0);

        ping("L", "198.51.100.1", "203.0.113.1");
        ping("R", "203.0.113.1", "198.51.100.1");
        ping("L", "2001:db8:1::1", "2001:db8:2::1");
        ping("R", "2001:db8:2::1", "2001:db8:1::1");
        tcpTransferMatchesChecksum(8 << 20);

        VpndProcess.sleep(500);
        JsonNode l = left.tunnel("t1");
        JsonNode r = right.tunnel("t1");
        assertEquals(l.path("packetsOut").asLong(), r.path("packetsIn").asLong(), "L sent = R received\n" + l + "\n" + r);
        assertEquals(r.path("packetsOut").asLong(), l.path("packetsIn").asLong(), "R sent = L received\n" + l + "\n" + r);
        assertEquals(l.path("bytesOut").asLong(), r.path("bytesIn").asLong());
        assertEquals(r.path("bytesOut").asLong(), l.path("bytesIn").asLong());
        assertTrue(l.path("bytesOut").asLong() > 8 << 20, "the 8 MiB transfer is counted: " + l);
        assertTrue(l.path("packetsIn").asLong() >= 20, "pings and ACKs are counted: " + l);

        assertEquals(0, left.stop(Duration.ofSeconds(20)), "vpnd exits 0 on SIGTERM\n" + left.log());
        assertEquals(0, right.stop(Duration.ofSeconds(20)), "vpnd exits 0 on SIGTERM\n" + right.log());
        assertNotEquals(0, lab.exec("L", CMD, "ip", "link", "show", "vti-t1").exit(), "interface removed on stop");
        assertNotEquals(0, lab.exec("R", CMD, "ip", "link", "show", "vti-t1").exit(), "interface removed on stop");
    }

    @Test
    void aesCbcHmacTunnelCarriesTraffic() throws Exception {
        startPair("aes256-sha256", 32, 32);
        ping("L", "198.51.100.1", "203.0.113.1");
        ping("R", "2001:db8:2::1", "2001:db8:1::1");
        tcpTransferMatchesChecksum(2 << 20);
    }

    private void tcpTransferMatchesChecksum(int size) throws Exception {
        byte[] data = new byte[size];
        new SecureRandom().nextBytes(data);
        Path send = dir.resolve("send.bin");
        Path recv = dir.resolve("recv.bin");
        Files.write(send, data);
        Files.deleteIfExists(recv);
        Process sink = new ProcessBuilder(Cmd.inNetns(lab.ns("R"), "socat", "-u",
                "TCP-LISTEN:5001,bind=203.0.113.1,reuseaddr", "OPEN:" + recv + ",creat,trunc"))
                .redirectErrorStream(true).start();
        try {
            Cmd.Result s = null;
            for (int i = 0; i < 25; i++) {
                s = lab.exec("L", CMD, "socat", "-u", "OPEN:" + send, "TCP:203.0.113.1:5001,bind=198.51.100.1");
                if (s.exit() == 0) break;
                VpndProcess.sleep(200);
            }
            assertEquals(0, s.exit(), "TCP send failed: " + s.err());
            assertTrue(sink.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "receiver finished");
        } finally {
            sink.destroy();
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertArrayEquals(sha.digest(data), MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(recv)),
                "what arrived through the tunnel is what was sent");
    }
}

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
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two {@code bin/vpnd} processes in two namespaces with a manually keyed tunnel: ping both ways
 * over IPv4 and IPv6, a TCP transfer whose checksum must match, and traffic counters in both
 * daemons that agree with each other. Then SIGTERM, after which the interfaces are gone. The
 * cipher cases run with {@code dataplane.offload: false} (one packet per system call), one case
 * with offloads on (TSO/GRO super-packets on the TUN, UDP GSO/GRO on the wire); every other
 * end-to-end suite runs with the default, on.
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
        Prerequisites.requireCommand("curl");
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
        startPair(proposal, keyOctets, authOctets, false);
    }

    private void startPair(String proposal, int keyOctets, int authOctets, boolean offload) throws Exception {
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
        String dataplane = "dataplane:\n  offload: " + offload + "\nmetrics:\n  prometheus: 127.0.0.1:9469\n";
        Files.writeString(l, dataplane + config(dir, "L", "192.0.2.1", "192.0.2.2", "198.51.100.0/24", "203.0.113.0/24",
                "2001:db8:1::/48", "2001:db8:2::/48", "0xc0000201", "0xc0000102", hex.formatHex(kRl), hex.formatHex(kLr),
                "169.254.10.1/30", proposal, extraL));
        Files.writeString(r, dataplane + config(dir, "R", "192.0.2.2", "192.0.2.1", "203.0.113.0/24", "198.51.100.0/24",
                "2001:db8:2::/48", "2001:db8:1::/48", "0xc0000102", "0xc0000201", hex.formatHex(kLr), hex.formatHex(kRl),
                "169.254.10.2/30", proposal, extraR));
        left = VpndProcess.start(lab.ns("L"), l, dir.resolve("L.sock"), START);
        right = VpndProcess.start(lab.ns("R"), r, dir.resolve("R.sock"), START);
        left.awaitState("t1", "UP", START);
        right.awaitState("t1", "UP", START);
    }

    private void ping(String side, String from, String to) {
        Traffic.ping(lab, side, from, to, "left log:\n" + left.log() + "\nright log:\n" + right.log());
    }

    @Test
    void aesGcmTunnelCarriesIpv4Ipv6AndTcpWithMatchingCounters() throws Exception {
        startPair("aes256gcm16", 36, 0);

        ping("L", "198.51.100.1", "203.0.113.1");
        ping("R", "203.0.113.1", "198.51.100.1");
        ping("L", "2001:db8:1::1", "2001:db8:2::1");
        ping("R", "2001:db8:2::1", "2001:db8:1::1");
        tcpTransferMatchesChecksum(8 << 20);

        JsonNode l = Traffic.countersAgree(left, right, "t1");
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

    /**
     * With TUN offloads on, the kernel hands vpnd 64 KiB TCP super-packets (split before
     * encryption) and takes coalesced segments back: IPv4 and IPv6, pings of exactly the tunnel
     * MTU with DF set, and TCP transfers both ways must arrive intact, and the counters still agree.
     */
    @Test
    void offloadsOnCarryIpv4Ipv6MtuSizedPacketsAndTcp() throws Exception {
        startPair("aes256gcm16", 36, 0, true);
        assertTrue(left.log().contains("offloads on") && left.log().contains("UDP GSO/GRO on"),
                "offloads were switched on:\n" + left.log());

        ping("L", "198.51.100.1", "203.0.113.1");
        ping("L", "2001:db8:1::1", "2001:db8:2::1");
        // 1400-byte tunnel MTU: 1372 + 8 ICMP + 20 IPv4 and 1352 + 8 ICMPv6 + 40 IPv6, DF set
        mtuPing("L", "198.51.100.1", "203.0.113.1", 1372);
        mtuPing("R", "2001:db8:2::1", "2001:db8:1::1", 1352);
        tcpTransferMatchesChecksum(16 << 20);
        Traffic.tcpTransfer(lab, dir, "R", "203.0.113.1", "L", "198.51.100.1", 4 << 20);
        Traffic.tcpTransfer(lab, dir, "R", "2001:db8:2::1", "L", "2001:db8:1::1", 4 << 20);

        Traffic.countersAgree(left, right, "t1");

        String metrics = Metrics.scrape(lab, "L");
        double packetsRead = Metrics.sum(metrics, "vpnd_tun_packets_read_total{");
        double framesRead = Metrics.sum(metrics, "vpnd_tun_frames_read_total{");
        assertTrue(packetsRead > 2 * framesRead, "the kernel handed over TCP super-packets (packets "
                + packetsRead + " from " + framesRead + " reads)");
    }

    private void mtuPing(String side, String from, String to, int payload) {
        Cmd.Result r = lab.exec(side, CMD, "ping", "-c", "3", "-i", "0.2", "-W", "2", "-M", "do",
                "-s", Integer.toString(payload), "-I", from, to);
        assertEquals(0, r.exit(), "MTU-sized ping " + from + " -> " + to + " failed:\n" + r.out() + r.err());
        assertTrue(r.out().contains(" 0% packet loss"), r.out());
    }

    private void tcpTransferMatchesChecksum(int size) throws Exception {
        Traffic.tcpTransfer(lab, dir, "L", "198.51.100.1", "R", "203.0.113.1", size);
    }
}

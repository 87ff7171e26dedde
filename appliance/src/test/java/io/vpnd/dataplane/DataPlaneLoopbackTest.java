package io.vpnd.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.esp.ChildSaSpec;
import io.vpnd.esp.SaDirection;
import io.vpnd.esp.SaLifetime;
import io.vpnd.net.DropReason;
import io.vpnd.net.TrafficSelector;
import io.vpnd.tun.InMemoryTunDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two data planes in one JVM on loopback UDP, each with an in-memory TUN: a packet injected on
 * one side's TUN must come out of the other side's TUN unchanged, and bad datagrams must be
 * dropped and counted without disturbing the tunnel.
 */
class DataPlaneLoopbackTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private static final int PORT_A = 45001;
    private static final int PORT_B = 45002;
    private DataPlane a;
    private DataPlane b;
    private InMemoryTunDevice tunA;
    private InMemoryTunDevice tunB;

    @BeforeEach
    void setUp() throws Exception {
        a = new DataPlane(new DataPlaneOptions(1, LO, 0, PORT_A, 1 << 20));
        b = new DataPlane(new DataPlaneOptions(1, LO, 0, PORT_B, 1 << 20));
        a.start();
        b.start();
        tunA = new InMemoryTunDevice("tunA", 1400, a.nextLoop());
        tunB = new InMemoryTunDevice("tunB", 1400, b.nextLoop());
        a.attachTunnel("t", tunA);
        b.attachTunnel("t", tunB);
        byte[] kAb = key(1);
        byte[] kBa = key(2);
        InetSocketAddress ea = new InetSocketAddress(LO, PORT_A);
        InetSocketAddress eb = new InetSocketAddress(LO, PORT_B);
        List<TrafficSelector> netA = List.of(TrafficSelector.ofCidr("198.51.100.0/24"), TrafficSelector.ofCidr("2001:db8:1::/48"));
        List<TrafficSelector> netB = List.of(TrafficSelector.ofCidr("203.0.113.0/24"), TrafficSelector.ofCidr("2001:db8:2::/48"));
        a.install(spec(SaDirection.OUTBOUND, 0x1001, kAb, ea, eb, netA, netB));
        a.install(spec(SaDirection.INBOUND, 0x2002, kBa, ea, eb, netA, netB));
        b.install(spec(SaDirection.OUTBOUND, 0x2002, kBa, eb, ea, netB, netA));
        b.install(spec(SaDirection.INBOUND, 0x1001, kAb, eb, ea, netB, netA));
    }

    @AfterEach
    void tearDown() {
        if (a != null) a.close();
        if (b != null) b.close();
    }

    private static byte[] key(int seed) {
        byte[] k = new byte[36];
        for (int i = 0; i < k.length; i++) k[i] = (byte) (seed * 31 + i);
        return k;
    }

    private static ChildSaSpec spec(SaDirection dir, int spi, byte[] key, InetSocketAddress local, InetSocketAddress remote,
                                    List<TrafficSelector> localTs, List<TrafficSelector> remoteTs) {
        return new ChildSaSpec("t", dir, spi, EncryptionAlgorithm.ENCR_AES_GCM_16, 256, key, null, null, false, 1024,
                local, remote, localTs, remoteTs, SaLifetime.UNLIMITED);
    }

    /** An IPv4/UDP packet with {@code payload} octets of payload. */
    static byte[] ipv4(String src, String dst, int payload) throws Exception {
        byte[] p = new byte[28 + payload];
        p[0] = 0x45;
        p[2] = (byte) (p.length >> 8);
        p[3] = (byte) p.length;
        p[8] = 64;
        p[9] = 17;
        System.arraycopy(InetAddress.getByName(src).getAddress(), 0, p, 12, 4);
        System.arraycopy(InetAddress.getByName(dst).getAddress(), 0, p, 16, 4);
        for (int i = 28; i < p.length; i++) p[i] = (byte) i;
        return p;
    }

    static byte[] ipv6(String src, String dst, int payload) throws Exception {
        byte[] p = new byte[40 + payload];
        p[0] = 0x60;
        p[4] = (byte) (payload >> 8);
        p[5] = (byte) payload;
        p[6] = 59;
        p[7] = 64;
        System.arraycopy(InetAddress.getByName(src).getAddress(), 0, p, 8, 16);
        System.arraycopy(InetAddress.getByName(dst).getAddress(), 0, p, 24, 16);
        return p;
    }

    static byte[] take(InMemoryTunDevice tun) throws InterruptedException {
        ByteBuf got = tun.written().poll(5, TimeUnit.SECONDS);
        assertNotNull(got, "packet came out of the peer's TUN");
        try {
            byte[] out = new byte[got.readableBytes()];
            got.getBytes(got.readerIndex(), out);
            return out;
        } finally {
            got.release();
        }
    }

    @Test
    void packetsCrossBothWaysUnchanged() throws Exception {
        byte[] v4 = ipv4("198.51.100.1", "203.0.113.1", 1000);
        tunA.inject(Unpooled.wrappedBuffer(v4));
        assertArrayEquals(v4, take(tunB));

        byte[] v6 = ipv6("2001:db8:2::1", "2001:db8:1::1", 1200);
        tunB.inject(Unpooled.wrappedBuffer(v6));
        assertArrayEquals(v6, take(tunA));

        assertEquals(1, a.counters("t").packetsOut());
        assertEquals(1, b.counters("t").packetsIn());
        assertEquals(v4.length, b.counters("t").bytesIn());
        assertEquals(1, a.counters("t").packetsIn());
    }

    @Test
    void aBatchArrivesInOrder() throws Exception {
        List<ByteBuf> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) batch.add(Unpooled.wrappedBuffer(ipv4("198.51.100.1", "203.0.113.1", 100 + i)));
        tunA.injectBatch(batch);
        for (int i = 0; i < 50; i++) assertEquals(128 + i, take(tunB).length, "packet " + i + " in order");
    }

    @Test
    void datagramsWaitingTogetherAreReadAndFlushedAsOneBatch() throws Exception {
        // hold b's only loop so that 20 datagrams (growing lengths: no GSO run joins them) queue up
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        tunB.eventLoop().execute(() -> {
            held.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(held.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < 20; i++) tunA.inject(Unpooled.wrappedBuffer(ipv4("198.51.100.1", "203.0.113.1", 100 + 16 * i)));
        waitFor(() -> a.counters("t").packetsOut() == 20);
        Thread.sleep(100); // let them reach b's socket
        release.countDown();
        for (int i = 0; i < 20; i++) assertEquals(128 + 16 * i, take(tunB).length, "packet " + i + " in order");
        assertEquals(1, tunB.stats().framesWritten(),
                "one wake-up read all 20 and flushed them to the TUN once (Netty's default reads one datagram)");
    }

    @Test
    void trafficOutsideTheSelectorsHasNoSa() throws Exception {
        tunA.inject(Unpooled.wrappedBuffer(ipv4("198.51.100.1", "192.0.2.99", 10)));
        tunA.inject(Unpooled.wrappedBuffer(new byte[]{0x45, 0, 0}));
        waitFor(() -> a.drops().get(DropReason.NO_SA) == 1 && a.drops().get(DropReason.TUN_MALFORMED) == 1);
        assertEquals(0, a.counters("t").packetsOut());
        assertEquals(2, a.counters("t").drops());
    }

    @Test
    void garbageDatagramsAreDroppedByReasonAndTheTunnelCarriesOn() throws Exception {
        try (DatagramSocket s = new DatagramSocket(0, LO)) {
            InetSocketAddress to = new InetSocketAddress(LO, PORT_B);
            s.send(new DatagramPacket(new byte[]{1, 2}, 2, to));                          // too short
            byte[] unknownSpi = new byte[64];
            java.util.Arrays.fill(unknownSpi, (byte) 9);
            unknownSpi[0] = 0x7f;
            s.send(new DatagramPacket(unknownSpi, unknownSpi.length, to));
            byte[] forged = unknownSpi.clone();
            forged[0] = 0;
            forged[1] = 0;
            forged[2] = 0x10;
            forged[3] = 0x01;                                                              // b's inbound SPI, garbage body
            s.send(new DatagramPacket(forged, forged.length, to));
            s.send(new DatagramPacket(new byte[]{(byte) 0xff}, 1, to));                  // NAT-T keepalive
        }
        waitFor(() -> b.drops().get(DropReason.UDP_MALFORMED) == 1 && b.drops().get(DropReason.ESP_UNKNOWN_SPI) == 1
                && b.drops().get(DropReason.ESP_AUTH_FAILED) == 1 && b.keepalivesReceived() == 1,
                () -> b.drops().snapshot() + " keepalives " + b.keepalivesReceived());
        byte[] v4 = ipv4("198.51.100.1", "203.0.113.1", 64);
        tunA.inject(Unpooled.wrappedBuffer(v4));
        assertArrayEquals(v4, take(tunB), "the tunnel still works");
    }

    @Test
    void replayedDatagramIsDropped() throws Exception {
        // Capture what a sends by pointing its outbound SA at a plain socket, then replay it to b twice.
        try (DatagramSocket spy = new DatagramSocket(0, LO)) {
            assertTrue(a.updateEndpoints("t", 0x1001, SaDirection.OUTBOUND, new InetSocketAddress(LO, PORT_A),
                    new InetSocketAddress(LO, spy.getLocalPort())));
            tunA.inject(Unpooled.wrappedBuffer(ipv4("198.51.100.1", "203.0.113.1", 32)));
            spy.setSoTimeout(5000);
            DatagramPacket got = new DatagramPacket(new byte[2048], 2048);
            spy.receive(got);
            InetSocketAddress to = new InetSocketAddress(LO, PORT_B);
            spy.send(new DatagramPacket(got.getData(), got.getLength(), to));
            spy.send(new DatagramPacket(got.getData(), got.getLength(), to));
        }
        assertEquals(60, take(tunB).length);
        waitFor(() -> b.drops().get(DropReason.ESP_REPLAY) == 1);
        assertEquals(1, b.counters("t").packetsIn());
    }

    @Test
    void removedSaStopsTraffic() throws Exception {
        assertTrue(b.remove("t", 0x1001, SaDirection.INBOUND));
        assertFalse(b.remove("t", 0x1001, SaDirection.INBOUND), "already gone");
        assertFalse(b.remove("other", 0x2002, SaDirection.OUTBOUND), "SAs are named by tunnel and SPI");
        tunA.inject(Unpooled.wrappedBuffer(ipv4("198.51.100.1", "203.0.113.1", 10)));
        waitFor(() -> b.drops().get(DropReason.ESP_UNKNOWN_SPI) == 1);
        assertTrue(b.stats("t", 0x2002, SaDirection.OUTBOUND).isPresent());
        assertTrue(b.stats("t", 0x1001, SaDirection.INBOUND).isEmpty());
    }

    private void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        waitFor(condition, () -> "drops A " + a.drops().snapshot() + " B " + b.drops().snapshot());
    }

    private static void waitFor(java.util.function.BooleanSupplier condition,
                                java.util.function.Supplier<String> state) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) fail("condition not reached within 5 s: " + state.get());
            Thread.sleep(10);
        }
    }
}

package io.vpnd.dataplane;

import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.esp.ChildSaSpec;
import io.vpnd.esp.SaDirection;
import io.vpnd.esp.SaLifetime;
import io.vpnd.net.TrafficSelector;
import io.vpnd.tun.InMemoryTunDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * SPI steering: the arithmetic that picks inbound SPIs, and the kernel really handing each SPI's
 * datagrams to the socket of its tunnel's loop (three loops on loopback UDP, with a control SPI
 * steered to the wrong loop to show the program decides, not luck).
 */
class SpiSteeringTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private static final int PORT_SENDER = 45011;
    private static final int PORT_RECEIVER = 45012;
    private static final int LOOPS = 3;
    private final List<DataPlane> planes = new ArrayList<>();

    @AfterEach
    void tearDown() {
        planes.forEach(DataPlane::close);
    }

    @Test
    void steeredSpiLandsOnTheRequestedSocketAndStaysNearAndUnreserved() {
        Random r = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            int sockets = 1 + r.nextInt(8);
            int index = r.nextInt(sockets);
            int spi = switch (i % 4) {
                case 0 -> r.nextInt();
                case 1 -> r.nextInt(300);           // near the reserved range
                case 2 -> -1 - r.nextInt(8);        // near 2^32
                default -> 0xc0000000 | r.nextInt(1 << 28);
            };
            int steered = SpiSteering.steer(spi, index, sockets);
            if (sockets == 1) {
                assertEquals(spi, steered);
                continue;
            }
            assertEquals(index, SpiSteering.socketIndex(steered, sockets), () -> Integer.toHexString(spi));
            assertTrue(Integer.toUnsignedLong(steered) >= 256, () -> "reserved: " + Integer.toHexString(steered));
            if (Integer.toUnsignedLong(spi) >= 512) {
                assertTrue(Math.abs(Integer.toUnsignedLong(steered) - Integer.toUnsignedLong(spi)) < sockets,
                        () -> Integer.toHexString(spi) + " -> " + Integer.toHexString(steered));
            }
        }
        assertThrows(IllegalArgumentException.class, () -> SpiSteering.steer(1000, 3, 3));
    }

    @Test
    void programIsLoadSpiModuloSocketsReturn() {
        byte[] p = SpiSteering.program(5);
        assertEquals(24, p.length);
        var b = java.nio.ByteBuffer.wrap(p).order(java.nio.ByteOrder.nativeOrder());
        assertEquals(0x20, b.getShort(0));   // ld [0]
        assertEquals(0, b.getInt(4));
        assertEquals(0x94, b.getShort(8));   // mod #5
        assertEquals(5, b.getInt(12));
        assertEquals(0x16, b.getShort(16));  // ret a
    }

    @Test
    void kernelHandsEachSpiToItsTunnelsLoop() throws Exception {
        DataPlane sender = plane(1, PORT_SENDER);
        DataPlane receiver = plane(LOOPS, PORT_RECEIVER);
        assertTrue(receiver.steersBySpi(), "the reuseport program attached");
        InetSocketAddress s = new InetSocketAddress(LO, PORT_SENDER);
        InetSocketAddress d = new InetSocketAddress(LO, PORT_RECEIVER);

        List<InMemoryTunDevice> in = new ArrayList<>();
        List<InMemoryTunDevice> out = new ArrayList<>();
        for (int k = 0; k < LOOPS; k++) {
            String t = "t" + k;
            InMemoryTunDevice rx = new InMemoryTunDevice("rx" + k, 1400, receiver.nextLoop()); // loops 0, 1, 2
            receiver.attachTunnel(t, rx);
            int spi = receiver.steerInboundSpi(t, 0x40000000 + 7919 * k);
            assertEquals(k, SpiSteering.socketIndex(spi, LOOPS));
            InMemoryTunDevice tx = new InMemoryTunDevice("tx" + k, 1400, sender.nextLoop());
            sender.attachTunnel(t, tx);
            receiver.install(spec(t, SaDirection.INBOUND, spi, d, s));
            sender.install(spec(t, SaDirection.OUTBOUND, spi, s, d));
            in.add(rx);
            out.add(tx);
        }
        for (int round = 0; round < 20; round++) {
            for (int k = 0; k < LOOPS; k++) {
                out.get(k).inject(Unpooled.wrappedBuffer(DataPlaneLoopbackTest.ipv4("198.51.100.1", "203.0.113.1", 100 + k)));
                assertEquals(128 + k, DataPlaneLoopbackTest.take(in.get(k)).length);
            }
        }
        assertEquals(0, receiver.inboundHandoffs(), "every ESP packet was opened on its tunnel's own loop");

        // control: an SPI the program sends to loop 1 for a tunnel whose interface is on loop 0
        EventLoop loop0 = in.get(0).eventLoop();
        InMemoryTunDevice rx = new InMemoryTunDevice("rxX", 1400, loop0);
        receiver.attachTunnel("x", rx);
        int wrong = SpiSteering.steer(0x50000000, 1, LOOPS);
        receiver.install(spec("x", SaDirection.INBOUND, wrong, d, s));
        InMemoryTunDevice tx = new InMemoryTunDevice("txX", 1400, sender.nextLoop());
        sender.attachTunnel("x", tx);
        sender.install(spec("x", SaDirection.OUTBOUND, wrong, s, d));
        tx.inject(Unpooled.wrappedBuffer(DataPlaneLoopbackTest.ipv4("198.51.100.1", "203.0.113.1", 100)));
        assertEquals(128, DataPlaneLoopbackTest.take(rx).length);
        assertEquals(1, receiver.inboundHandoffs(), "the SPI, not the addresses, chose the socket");
    }

    private DataPlane plane(int loops, int port) throws InterruptedException {
        DataPlane p = new DataPlane(new DataPlaneOptions(loops, LO, 0, port, 1 << 20));
        planes.add(p);
        p.start();
        return p;
    }

    private static ChildSaSpec spec(String tunnel, SaDirection dir, int spi, InetSocketAddress local, InetSocketAddress remote) {
        byte[] key = new byte[36];
        for (int i = 0; i < key.length; i++) key[i] = (byte) (spi * 31 + i);
        return new ChildSaSpec(tunnel, dir, spi, EncryptionAlgorithm.ENCR_AES_GCM_16, 256, key, null, null, false, 1024,
                local, remote, List.of(), List.of(), SaLifetime.UNLIMITED);
    }
}

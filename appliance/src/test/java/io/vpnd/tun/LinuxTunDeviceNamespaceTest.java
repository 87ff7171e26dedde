package io.vpnd.tun;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.vpnd.netlink.NetlinkException;
import io.vpnd.netlink.RtNetlink;
import io.vpnd.netlink.TestNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real TUN in a namespace of its own: the kernel answers pings written into it. Devices and
 * netlink sockets are created on the namespace's thread ({@link TestNamespace#call}); the epoll
 * event loop that reads them runs in the host namespace, which does not matter for an open fd.
 */
class LinuxTunDeviceNamespaceTest {
    private static TestNamespace ns;
    private static MultiThreadIoEventLoopGroup group;

    @BeforeAll
    static void setUp() throws Exception {
        ns = TestNamespace.create("dev");
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    }

    @AfterAll
    static void tearDown() {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (ns != null) {
            ns.close();
        }
    }

    private static LinuxTunDevice open(TunOptions options) throws Exception {
        return ns.call(() -> LinuxTunDevice.open(options, group.next()));
    }

    private static void up(LinuxTunDevice dev, String address, int prefixLength) throws Exception {
        ns.call(() -> {
            try (RtNetlink nl = RtNetlink.open()) {
                nl.setLinkUp(dev.ifIndex(), true);
                nl.addAddress(dev.ifIndex(), InetAddress.getByName(address), prefixLength);
            }
            return null;
        });
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), out);
        return out;
    }

    @Test
    void opensWithTheRequestedNameAndMtu() throws Exception {
        try (LinuxTunDevice dev = open(TunOptions.named("vtt0").withMtu(1400))) {
            assertEquals("vtt0", dev.name());
            assertEquals(1400, dev.mtu());
            String shown = ns.ip("link", "show", "dev", "vtt0");
            assertTrue(shown.startsWith(dev.ifIndex() + ": vtt0: <"), shown);
            assertTrue(shown.contains("mtu 1400"), shown);
            assertTrue(shown.contains("link/none"), "a layer-3 TUN: " + shown);
        }
        try (LinuxTunDevice dev = open(TunOptions.named("vtp%d"))) {
            assertEquals("vtp0", dev.name(), "the kernel fills in a %d pattern");
            assertEquals(1500, dev.mtu());
        }
    }

    @Test
    void theKernelAnswersAnIpv4PingWrittenToTheTun() throws Exception {
        Inet4Address local = (Inet4Address) InetAddress.getByName("169.254.77.1");
        Inet4Address peer = (Inet4Address) InetAddress.getByName("169.254.77.2");
        RecordingReceiver rx = new RecordingReceiver();
        try (LinuxTunDevice dev = open(TunOptions.named("vtt1").withMtu(1400))) {
            up(dev, "169.254.77.1", 30);
            String addr = ns.ip("addr", "show", "dev", "vtt1");
            assertTrue(addr.contains("inet 169.254.77.1/30") && addr.contains(",UP"), addr);

            dev.start(rx);
            byte[] data = IcmpPackets.payload(1, 56);
            assertTrue(dev.write(Unpooled.wrappedBuffer(IcmpPackets.echoRequest4(peer, local, 0x1234, 1, data))));
            dev.flush();
            assertTrue(awaitReply(rx, p -> IcmpPackets.isEchoReply4(p, local, peer, 0x1234, 1, data)),
                    "echo reply read back from the TUN");
            assertEquals(1, dev.stats().packetsWritten());
            assertTrue(rx.onlyOnLoop);
        } finally {
            rx.releaseAll();
        }
    }

    @Test
    void theKernelAnswersAnIpv6PingWrittenToTheTun() throws Exception {
        Inet6Address local = (Inet6Address) InetAddress.getByName("2001:db8::1");
        Inet6Address peer = (Inet6Address) InetAddress.getByName("2001:db8::2");
        RecordingReceiver rx = new RecordingReceiver();
        try (LinuxTunDevice dev = open(TunOptions.named("vtt2").withReadBuffers(TunOptions.ReadBuffers.DIRECT))) {
            up(dev, "2001:db8::1", 64);
            String addr = ns.ip("-6", "addr", "show", "dev", "vtt2");
            String ours = addr.lines().filter(l -> l.contains("inet6 2001:db8::1/64")).findFirst().orElse("");
            // NODAD: usable at once (the kernel's own link-local address may still be tentative)
            assertTrue(ours.contains("nodad") && !ours.contains("tentative"), addr);

            dev.start(rx);
            byte[] data = IcmpPackets.payload(2, 100);
            assertTrue(dev.write(Unpooled.wrappedBuffer(IcmpPackets.echoRequest6(peer, local, 0x4321, 2, data))));
            dev.flush();
            assertTrue(awaitReply(rx, p -> IcmpPackets.isEchoReply6(p, local, peer, 0x4321, 2, data)),
                    "ICMPv6 echo reply read back from the TUN");
        } finally {
            rx.releaseAll();
        }
    }

    private interface PacketTest {
        boolean matches(byte[] packet);
    }

    /** Reads packets (the kernel may also send IPv6 router solicitations and the like) until one matches. */
    private static boolean awaitReply(RecordingReceiver rx, PacketTest test) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() - until < 0) {
            ByteBuf p = rx.poll(100);
            if (p != null) {
                boolean ok = test.matches(bytes(p));
                p.release();
                if (ok) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void aBurstOfRepliesIsReadInBatches() throws Exception {
        Inet4Address local = (Inet4Address) InetAddress.getByName("169.254.77.5");
        Inet4Address peer = (Inet4Address) InetAddress.getByName("169.254.77.6");
        int n = 1000;
        RecordingReceiver rx = new RecordingReceiver();
        try (LinuxTunDevice dev = open(TunOptions.named("vtt3").withReadBudget(64))) {
            ns.call(() -> {
                try (RtNetlink nl = RtNetlink.open()) {
                    nl.setTxQueueLength(dev.ifIndex(), 2 * n); // the kernel holds every reply until we read
                }
                return null;
            });
            up(dev, "169.254.77.5", 30);
            byte[] data = IcmpPackets.payload(0, 32);
            for (int i = 0; i < n; i++) {
                assertTrue(dev.write(Unpooled.wrappedBuffer(IcmpPackets.echoRequest4(peer, local, 7, i, data))));
            }
            dev.flush();
            // Not reading yet: wait until the kernel took all requests. It answers each within the
            // write(2) that delivered it, so then all replies wait in the TUN's queue. (TX counters
            // would not tell: a TUN counts a packet as sent only when the reader reads it.)
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (linkCounter("vtt3", "RX", 2) < n && System.nanoTime() - until < 0) {
                Thread.sleep(20);
            }
            assertEquals(n, linkCounter("vtt3", "RX", 2), "requests the kernel received");

            dev.start(rx);
            BitSet seqs = new BitSet(n);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seqs.cardinality() < n && System.nanoTime() - deadline < 0) {
                ByteBuf p = rx.poll(100);
                if (p != null) {
                    int seq = IcmpPackets.echoReplySeq4(bytes(p));
                    if (seq >= 0) {
                        seqs.set(seq);
                    }
                    p.release();
                }
            }
            assertEquals(n, seqs.cardinality(), "every echo reply read");
            dev.eventLoop().submit(() -> { }).syncUninterruptibly(); // the last batch's readComplete has run
            int batches = rx.readCompletes.get();
            int packets = rx.packetCount.get();
            assertTrue(batches >= (packets + 63) / 64, "at most 64 per wake-up: " + batches + " batches");
            assertTrue(batches < packets / 10, "read in batches, not one by one: " + batches + " for " + packets);
            assertTrue(rx.batchSizes.stream().allMatch(s -> s <= 64), rx.batchSizes.toString());
            assertEquals(batches, dev.stats().readBatches());
            assertEquals(n, dev.stats().packetsWritten());
            assertEquals(0, linkCounter("vtt3", "TX", 4), "the kernel dropped no reply");
        } finally {
            rx.releaseAll();
        }
    }

    /** Column {@code column} (1 bytes, 2 packets, 3 errors, 4 dropped) of the RX or TX counters of {@code dev}. */
    private static long linkCounter(String dev, String direction, int column) {
        String shown = ns.ip("-s", "link", "show", "dev", dev);
        Matcher m = Pattern.compile(direction + ":[^\\n]*\\n\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)").matcher(shown);
        return m.find() ? Long.parseLong(m.group(column)) : -1;
    }

    @Test
    void closingTheDeviceRemovesTheInterface() throws Exception {
        LinuxTunDevice dev = open(TunOptions.named("vtt4"));
        dev.start(new RecordingReceiver());
        assertTrue(ns.ip("link", "show").contains(": vtt4:"));
        dev.close();
        assertEquals(TunState.CLOSED, dev.state());
        assertNull(ns.ipOrNull("link", "show", "dev", "vtt4"));
        NetlinkException gone = assertThrows(NetlinkException.class, () -> ns.call(() -> {
            try (RtNetlink nl = RtNetlink.open()) {
                return nl.linkIndex("vtt4");
            }
        }));
        assertEquals(NetlinkException.ENODEV, gone.errno());
    }

    @Test
    void multiQueueDevicesShareOneInterfaceUntilTheLastCloses() throws Exception {
        LinuxTunDevice a = open(TunOptions.named("vtt5").withMultiQueue(true));
        LinuxTunDevice b = open(TunOptions.named("vtt5").withMultiQueue(true));
        assertEquals(a.ifIndex(), b.ifIndex());
        a.close();
        assertTrue(ns.ip("link", "show").contains(": vtt5:"), "one queue still open");
        b.close();
        assertNull(ns.ipOrNull("link", "show", "dev", "vtt5"));
    }

    @Test
    void deletingTheInterfaceUnderTheDeviceFailsItWithoutSpinning() throws Exception {
        try (LinuxTunDevice dev = open(TunOptions.named("vtt6"))) {
            dev.start(new RecordingReceiver());
            ns.ip("link", "del", "vtt6");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (dev.state() != TunState.FAILED && System.nanoTime() - until < 0) {
                Thread.sleep(10);
            }
            assertEquals(TunState.FAILED, dev.state());
            ByteBuf p = Unpooled.wrappedBuffer(new byte[20]);
            assertFalse(dev.write(p));
            assertEquals(0, p.refCnt());
            assertTrue(dev.eventLoop().submit(() -> true).await(1, TimeUnit.SECONDS), "loop still serves");
        }
    }

    @Test
    void writingToADownInterfaceCountsAnErrorAndThrowsNothing() throws Exception {
        Inet4Address a = (Inet4Address) InetAddress.getByName("169.254.77.9");
        Inet4Address b = (Inet4Address) InetAddress.getByName("169.254.77.10");
        try (LinuxTunDevice dev = open(TunOptions.named("vtt7"))) {
            assertTrue(dev.write(Unpooled.wrappedBuffer(IcmpPackets.echoRequest4(a, b, 1, 1, new byte[8]))));
            dev.flush();
            dev.eventLoop().submit(() -> { }).syncUninterruptibly();
            TunStats s = dev.stats();
            assertEquals(1, s.writeErrors() + s.packetsWritten(), s.toString());
            assertEquals(TunState.OPEN, dev.state());
        }
    }
}

package io.vpnd.tun;

import io.netty.buffer.ByteBuf;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.vpnd.netlink.RtNetlink;
import io.vpnd.netlink.TestNamespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Offloads against the real kernel: two namespaces, each with a vnet-header TUN, joined by a
 * relay in this JVM that hands every packet read from one device to the other. A TCP transfer
 * across must arrive intact (SHA-256), over IPv4 and IPv6, with offloads on and off; with them on
 * the kernel must actually have handed over super-packets (fewer reads than packets) and taken
 * coalesced ones (fewer writes than packets).
 */
class TunOffloadNamespaceTest {
    private static TestNamespace a;
    private static TestNamespace b;
    private static MultiThreadIoEventLoopGroup group;

    @BeforeAll
    static void setUp() throws Exception {
        a = TestNamespace.create("offa");
        b = TestNamespace.create("offb");
        group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    }

    @AfterAll
    static void tearDown() {
        if (group != null) group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (a != null) a.close();
        if (b != null) b.close();
    }

    /** Forwards what one device reads to the other, flushing once per batch. */
    private record Relay(TunDevice to) implements TunReceiver {
        @Override
        public void packetRead(TunDevice device, ByteBuf packet) {
            to.write(packet); // ownership passes on
        }

        @Override
        public void readComplete(TunDevice device) {
            to.flush();
        }
    }

    private static LinuxTunDevice open(TestNamespace ns, String name, boolean offload, String address, int prefix,
                                       IoEventLoop loop) throws Exception {
        return ns.call(() -> {
            LinuxTunDevice dev = LinuxTunDevice.open(TunOptions.named(name).withMtu(1400).withVnetHeader(offload), loop);
            try (RtNetlink nl = RtNetlink.open()) {
                nl.addAddress(dev.ifIndex(), InetAddress.getByName(address), prefix);
                nl.setLinkUp(dev.ifIndex(), true);
            }
            return dev;
        });
    }

    /**
     * With both devices on one loop, every write() comes from the writing device's own loop and
     * takes the direct path into the coalescer; on two loops it goes through the write queue.
     */
    @ParameterizedTest(name = "offload {0}, {1}, one loop {4}")
    @CsvSource({
            "true, 169.254.78.1, 169.254.78.2, 24, false",
            "true, 2001:db8:78::1, 2001:db8:78::2, 64, false",
            "true, 169.254.77.1, 169.254.77.2, 24, true",
            "true, 2001:db8:77::1, 2001:db8:77::2, 64, true",
            "false, 169.254.79.1, 169.254.79.2, 24, false",
    })
    void tcpTransferArrivesIntact(boolean offload, String addrA, String addrB, int prefix, boolean oneLoop) throws Exception {
        String suffix = (offload ? "o" : "p") + (oneLoop ? "s" : "");
        String tag = suffix + (addrA.contains(":") ? "6" : "4");
        IoEventLoop loopA = (IoEventLoop) group.next();
        IoEventLoop loopB = oneLoop ? loopA : (IoEventLoop) group.next();
        assertEquals(oneLoop, loopA == loopB);
        LinuxTunDevice da = open(a, "vto" + tag, offload, addrA, prefix, loopA);
        LinuxTunDevice db = open(b, "vto" + tag, offload, addrB, prefix, loopB);
        try {
            da.start(new Relay(db));
            db.start(new Relay(da));
            byte[] data = new byte[16 << 20];
            new Random(5).nextBytes(data);
            // sockets get their descriptor (and so their namespace) at bind/connect: both happen on
            // the namespace threads, never in the host's namespace
            ServerSocket server = b.call(() -> new ServerSocket(5001, 1, InetAddress.getByName(addrB)));
            Socket client = a.call(() -> {
                Socket s = new Socket();
                s.bind(new InetSocketAddress(InetAddress.getByName(addrA), 0));
                return s;
            });
            try (server; client) {
                server.setSoTimeout(20_000);
                CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                    try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                        MessageDigest sha = MessageDigest.getInstance("SHA-256");
                        byte[] buf = new byte[65536];
                        long total = 0;
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            sha.update(buf, 0, n);
                            total += n;
                        }
                        assertEquals(data.length, total);
                        return sha.digest();
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                a.call(() -> {
                    client.connect(new InetSocketAddress(InetAddress.getByName(addrB), 5001), 10_000);
                    return null;
                });
                client.setSoTimeout(20_000);
                try (OutputStream out = client.getOutputStream()) {
                    out.write(data);
                }
                assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data),
                        received.get(30, TimeUnit.SECONDS), "what arrived is what was sent");
            }
            TunStats sa = da.stats();
            TunStats sb = db.stats();
            assertEquals(0, sa.readDrops() + sb.readDrops() + sa.writeErrors() + sb.writeErrors(), sa + "\n" + sb);
            if (offload) {
                assertTrue(sa.framesRead() * 4 < sa.packetsRead(), "the sender's kernel handed over super-packets: " + sa);
                assertTrue(sb.framesWritten() * 4 < sb.packetsWritten(), "segments were coalesced into the receiver: " + sb);
            } else {
                assertEquals(sa.packetsRead(), sa.framesRead());
                assertEquals(sb.packetsWritten(), sb.framesWritten());
            }
        } finally {
            da.close();
            db.close();
        }
    }
}

package io.vpnd.esp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.net.IpPacket;
import io.vpnd.net.TrafficSelector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/** Builders shared by the ESP tests: SA pairs, inner packets, buffers, hex, resources. */
final class EspTestSupport {
    static final SecureRandom RANDOM = new SecureRandom();
    static final InetSocketAddress LOCAL = new InetSocketAddress(TrafficSelector.parseLiteral("192.0.2.1"), 4500);
    static final InetSocketAddress REMOTE = new InetSocketAddress(TrafficSelector.parseLiteral("192.0.2.2"), 4500);
    /** This side's networks: destinations of inbound packets. */
    static final List<TrafficSelector> LOCAL_TS = List.of(
            TrafficSelector.ofCidr("198.51.100.0/24"), TrafficSelector.ofCidr("2001:db8:1::/48"));
    /** The peer's networks: sources of inbound packets. */
    static final List<TrafficSelector> REMOTE_TS = List.of(
            TrafficSelector.ofCidr("203.0.113.0/24"), TrafficSelector.ofCidr("2001:db8:2::/48"));
    static final InetAddress SRC4 = TrafficSelector.parseLiteral("203.0.113.7");
    static final InetAddress DST4 = TrafficSelector.parseLiteral("198.51.100.9");
    static final InetAddress SRC6 = TrafficSelector.parseLiteral("2001:db8:2::7");
    static final InetAddress DST6 = TrafficSelector.parseLiteral("2001:db8:1::9");

    /** The transform sets the tests run. */
    enum Suite {
        GCM128(EncryptionAlgorithm.ENCR_AES_GCM_16, 128, null),
        GCM256(EncryptionAlgorithm.ENCR_AES_GCM_16, 256, null),
        GCM192_12(EncryptionAlgorithm.ENCR_AES_GCM_12, 192, null),
        GCM128_8(EncryptionAlgorithm.ENCR_AES_GCM_8, 128, null),
        CBC128_SHA1(EncryptionAlgorithm.ENCR_AES_CBC, 128, IntegrityAlgorithm.AUTH_HMAC_SHA1_96),
        CBC192_SHA256(EncryptionAlgorithm.ENCR_AES_CBC, 192, IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128),
        CBC256_SHA1(EncryptionAlgorithm.ENCR_AES_CBC, 256, IntegrityAlgorithm.AUTH_HMAC_SHA1_96),
        CBC256_SHA256(EncryptionAlgorithm.ENCR_AES_CBC, 256, IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128),
        CBC256_SHA384(EncryptionAlgorithm.ENCR_AES_CBC, 256, IntegrityAlgorithm.AUTH_HMAC_SHA2_384_192),
        CBC256_SHA512(EncryptionAlgorithm.ENCR_AES_CBC, 256, IntegrityAlgorithm.AUTH_HMAC_SHA2_512_256);

        final EncryptionAlgorithm encryption;
        final int keyBits;
        final IntegrityAlgorithm integrity;

        Suite(EncryptionAlgorithm encryption, int keyBits, IntegrityAlgorithm integrity) {
            this.encryption = encryption;
            this.keyBits = keyBits;
            this.integrity = integrity;
        }
    }

    /** How a test lays out its buffers. */
    enum Buffers {
        /** Heap buffers starting at index 0. */
        HEAP,
        /** Direct buffers: the codec's scratch path. */
        DIRECT,
        /** Heap slices with a non-zero array offset and non-zero reader/writer indices. */
        HEAP_OFFSET;

        /** A buffer holding {@code data} as its readable bytes. */
        ByteBuf of(byte[] data) {
            ByteBuf b = empty(data.length);
            b.writeBytes(data);
            if (this == HEAP_OFFSET) b.skipBytes(PREFIX.length);
            return b;
        }

        /** An output buffer; HEAP_OFFSET ones already hold {@link #PREFIX}, which must stay put. */
        ByteBuf empty(int capacity) {
            return switch (this) {
                case HEAP -> Unpooled.buffer(capacity);
                case DIRECT -> Unpooled.directBuffer(capacity);
                case HEAP_OFFSET -> {
                    ByteBuf b = Unpooled.buffer(capacity + 200).slice(37, capacity + 100).clear();
                    b.writeBytes(PREFIX);
                    yield b;
                }
            };
        }

        /** The bytes an output buffer received (after the prefix, for HEAP_OFFSET). */
        byte[] written(ByteBuf out) {
            int from = this == HEAP_OFFSET ? PREFIX.length : 0;
            byte[] b = new byte[out.writerIndex() - from];
            out.getBytes(from, b);
            return b;
        }

        static final byte[] PREFIX = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 1, 2, 3};
    }

    private EspTestSupport() {
    }

    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Outbound and inbound SA sharing keys and SPI, as the two ends of one Child SA direction. */
    record Pair(EspSa out, EspSa in) {
    }

    static Pair pair(Suite suite, boolean esn) {
        return pair(suite, esn, ReplayWindow.DEFAULT_SIZE, SaLifetime.UNLIMITED, SaEventListener.NONE);
    }

    static Pair pair(Suite suite, boolean esn, int window, SaLifetime lifetime, SaEventListener listener) {
        byte[] key = randomBytes(suite.encryption.keyMaterialLength(suite.keyBits));
        byte[] ikey = suite.integrity == null ? null : randomBytes(suite.integrity.keyLength());
        int spi = RANDOM.nextInt() | 0x100;
        return new Pair(
                new EspSa(spec(SaDirection.OUTBOUND, spi, suite, key, ikey, esn, window, lifetime), listener),
                new EspSa(spec(SaDirection.INBOUND, spi, suite, key, ikey, esn, window, lifetime), listener));
    }

    static ChildSaSpec spec(SaDirection direction, int spi, Suite suite, byte[] key, byte[] ikey, boolean esn,
                            int window, SaLifetime lifetime) {
        return spec(direction, spi, suite, key, ikey, esn, window, lifetime, LOCAL_TS, REMOTE_TS);
    }

    static ChildSaSpec spec(SaDirection direction, int spi, Suite suite, byte[] key, byte[] ikey, boolean esn,
                            int window, SaLifetime lifetime, List<TrafficSelector> local, List<TrafficSelector> remote) {
        return new ChildSaSpec("t1", direction, spi, suite.encryption, suite.keyBits, key, suite.integrity, ikey,
                esn, window, LOCAL, REMOTE, local, remote, lifetime);
    }

    /** An IPv4 packet of {@code size} octets (at least 20) from {@code src} to {@code dst}. */
    static byte[] ipv4(int size, InetAddress src, InetAddress dst, int proto, int sport, int dport) {
        byte[] p = new byte[size];
        for (int i = 20; i < size; i++) p[i] = (byte) (i * 7 + size);
        p[0] = 0x45;
        p[2] = (byte) (size >>> 8);
        p[3] = (byte) size;
        p[8] = 64;
        p[9] = (byte) proto;
        System.arraycopy(src.getAddress(), 0, p, 12, 4);
        System.arraycopy(dst.getAddress(), 0, p, 16, 4);
        ports(p, 20, sport, dport);
        return p;
    }

    /** An IPv6 packet of {@code size} octets (at least 40) from {@code src} to {@code dst}. */
    static byte[] ipv6(int size, InetAddress src, InetAddress dst, int proto, int sport, int dport) {
        byte[] p = new byte[size];
        for (int i = 40; i < size; i++) p[i] = (byte) (i * 13 + size);
        p[0] = 0x60;
        int payload = size - 40;
        p[4] = (byte) (payload >>> 8);
        p[5] = (byte) payload;
        p[6] = (byte) proto;
        p[7] = 64;
        System.arraycopy(src.getAddress(), 0, p, 8, 16);
        System.arraycopy(dst.getAddress(), 0, p, 24, 16);
        ports(p, 40, sport, dport);
        return p;
    }

    private static void ports(byte[] p, int at, int sport, int dport) {
        if (p.length >= at + 4) {
            p[at] = (byte) (sport >>> 8);
            p[at + 1] = (byte) sport;
            p[at + 2] = (byte) (dport >>> 8);
            p[at + 3] = (byte) dport;
        }
    }

    static byte[] udp4(int size) {
        return ipv4(size, SRC4, DST4, IpPacket.PROTO_UDP, 5000, 53);
    }

    static byte[] udp6(int size) {
        return ipv6(size, SRC6, DST6, IpPacket.PROTO_UDP, 5000, 53);
    }

    static byte[] bytes(ByteBuf b) {
        byte[] a = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), a);
        return a;
    }

    static byte[] hex(String s) {
        String h = s.replaceAll("\\s", "");
        if (h.equals("-")) return new byte[0];
        byte[] b = new byte[h.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        return b;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x));
        return sb.toString();
    }

    static List<String> resourceLines(String name) {
        try (InputStream in = EspTestSupport.class.getResourceAsStream("/esp/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource esp/" + name);
            List<String> lines = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) lines.add(l);
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code task} on a new thread and returns its result. SunJCE (like Bouncy Castle)
     * refuses to GCM-encrypt twice with one key and IV on one Cipher object; known-answer tests
     * that do so on purpose use a fresh thread, and so fresh per-thread Cipher objects.
     */
    static <T> T onFreshThread(Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                result.set(task.call());
            } catch (Exception e) {
                failure.set(e);
            }
        }, "esp-test-fresh");
        t.start();
        t.join(30_000);
        if (t.isAlive()) throw new IllegalStateException("task did not finish in 30 s");
        if (failure.get() != null) throw failure.get();
        return result.get();
    }
}

package io.vpnd.tun;

import java.util.Arrays;
import java.util.Random;

/**
 * IPv4/IPv6 TCP and UDP packets for the offload tests, built and checked with a deliberately
 * plain reference checksum (16-bit words, one at a time), independent of {@link InternetChecksum}.
 */
final class TestPackets {
    static final byte[] SRC4 = {(byte) 198, 51, 100, 1};
    static final byte[] DST4 = {(byte) 203, 0, 113, 1};
    static final byte[] SRC6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static final byte[] DST6 = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    /** NOP, NOP, timestamps: what Linux puts on every data segment. */
    static final byte[] TIMESTAMPS = {1, 1, 8, 10, 0, 0, 0x12, 0x34, 0, 0, 0x56, 0x78};

    static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20, CWR = 0x80;

    private TestPackets() {
    }

    /** A TCP segment description. */
    static final class Tcp {
        int version = 4;
        int ipId = 0x1000;
        int tos = 0;
        int ttl = 64;
        boolean df = true;
        int srcPort = 40000;
        int dstPort = 5201;
        int seq = 0x10000000;
        int ack = 0x20000000;
        int flags = ACK;
        int window = 502;
        byte[] options = TIMESTAMPS;
        byte[] payload = new byte[0];

        Tcp copy() {
            Tcp t = new Tcp();
            t.version = version;
            t.ipId = ipId;
            t.tos = tos;
            t.ttl = ttl;
            t.df = df;
            t.srcPort = srcPort;
            t.dstPort = dstPort;
            t.seq = seq;
            t.ack = ack;
            t.flags = flags;
            t.window = window;
            t.options = options;
            t.payload = payload;
            return t;
        }

        int ipHeaderLength() {
            return version == 4 ? 20 : 40;
        }

        int tcpHeaderLength() {
            return 20 + options.length;
        }

        /** The packet with correct IP and TCP checksums. */
        byte[] build() {
            return TestPackets.build(this, PROTO_TCP, false);
        }
    }

    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;

    /**
     * Builds the packet; with {@code partial} the transport checksum field holds only the folded
     * pseudo-header sum (CHECKSUM_PARTIAL, as the kernel hands it to a vnet-header TUN).
     */
    static byte[] build(Tcp t, int proto, boolean partial) {
        int ip = t.ipHeaderLength();
        int l4 = proto == PROTO_TCP ? t.tcpHeaderLength() : 8;
        int len = ip + l4 + t.payload.length;
        byte[] p = new byte[len];
        if (t.version == 4) {
            p[0] = 0x45;
            p[1] = (byte) t.tos;
            put16(p, 2, len);
            put16(p, 4, t.ipId);
            put16(p, 6, t.df ? 0x4000 : 0);
            p[8] = (byte) t.ttl;
            p[9] = (byte) proto;
            System.arraycopy(SRC4, 0, p, 12, 4);
            System.arraycopy(DST4, 0, p, 16, 4);
            put16(p, 10, ~fold(refSum(p, 0, 20)) & 0xffff);
        } else {
            p[0] = 0x60;
            p[1] = 0x0a;
            p[2] = (byte) 0xbc;
            p[3] = (byte) 0xde;
            put16(p, 4, len - 40);
            p[6] = (byte) proto;
            p[7] = (byte) t.ttl;
            System.arraycopy(SRC6, 0, p, 8, 16);
            System.arraycopy(DST6, 0, p, 24, 16);
        }
        put16(p, ip, t.srcPort);
        put16(p, ip + 2, t.dstPort);
        int csumAt;
        if (proto == PROTO_TCP) {
            put32(p, ip + 4, t.seq);
            put32(p, ip + 8, t.ack);
            p[ip + 12] = (byte) ((l4 / 4) << 4);
            p[ip + 13] = (byte) t.flags;
            put16(p, ip + 14, t.window);
            System.arraycopy(t.options, 0, p, ip + 20, t.options.length);
            csumAt = ip + 16;
        } else {
            put16(p, ip + 4, len - ip);
            csumAt = ip + 6;
        }
        System.arraycopy(t.payload, 0, p, ip + l4, t.payload.length);
        long pseudo = pseudo(p, t.version, proto, len - ip);
        if (partial) {
            put16(p, csumAt, fold(pseudo));
        } else {
            int c = ~fold(pseudo + refSum(p, ip, len - ip)) & 0xffff;
            put16(p, csumAt, proto == PROTO_UDP && c == 0 ? 0xffff : c);
        }
        return p;
    }

    /** Consecutive segments of one flow: {@code sizes} payload octets each, random data. */
    static byte[][] stream(Tcp first, Random rnd, int... sizes) {
        byte[][] out = new byte[sizes.length][];
        Tcp t = first.copy();
        for (int i = 0; i < sizes.length; i++) {
            t.payload = new byte[sizes[i]];
            rnd.nextBytes(t.payload);
            out[i] = t.build();
            t.seq += sizes[i];
            t.ipId++;
        }
        return out;
    }

    static long pseudo(byte[] p, int version, int proto, int transportLength) {
        return version == 4
                ? refSum(p, 12, 8) + proto + transportLength
                : refSum(p, 8, 32) + proto + transportLength;
    }

    /** RFC 1071, the slow obvious way. */
    static long refSum(byte[] a, int off, int len) {
        long s = 0;
        for (int i = 0; i < len; i += 2) {
            int hi = a[off + i] & 0xff;
            int lo = i + 1 < len ? a[off + i + 1] & 0xff : 0;
            s += (hi << 8) | lo;
        }
        return s;
    }

    static int fold(long s) {
        while ((s >>> 16) != 0) s = (s & 0xffff) + (s >>> 16);
        return (int) s;
    }

    /** True when the IPv4 header checksum (if any) and the TCP/UDP checksum verify. */
    static boolean checksumsValid(byte[] p) {
        int version = (p[0] >> 4) & 0xf;
        int ip = version == 4 ? (p[0] & 0xf) * 4 : 40;
        if (version == 4 && fold(refSum(p, 0, ip)) != 0xffff) return false;
        int proto = version == 4 ? p[9] : p[6];
        int tl = p.length - ip;
        return fold(pseudo(p, version, proto, tl) + refSum(p, ip, tl)) == 0xffff;
    }

    static int u16(byte[] a, int off) {
        return ((a[off] & 0xff) << 8) | (a[off + 1] & 0xff);
    }

    static int u32(byte[] a, int off) {
        return (u16(a, off) << 16) | u16(a, off + 2);
    }

    static void put16(byte[] a, int off, int v) {
        a[off] = (byte) (v >>> 8);
        a[off + 1] = (byte) v;
    }

    static void put32(byte[] a, int off, int v) {
        put16(a, off, v >>> 16);
        put16(a, off + 2, v);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    static byte[] range(byte[] a, int from, int to) {
        return Arrays.copyOfRange(a, from, to);
    }
}

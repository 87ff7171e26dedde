package io.vpnd.tun;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071) over byte arrays, for the TUN offload code: IPv4 header
 * checksums and TCP/UDP checksums with their pseudo-headers (RFC 9293 §3.1, RFC 8200 §8.1).
 *
 * <p>Sums are kept unfolded in a {@code long} (RFC 1071 §2(B): deferred carries) and read eight
 * octets at a time; since 2^16 ≡ 1 modulo 2^16 − 1, adding big-endian 32-bit halves and folding
 * at the end equals adding 16-bit words. {@link #fold} reduces a sum to 16 bits; the checksum
 * field holds the complement of that.
 */
public final class InternetChecksum {
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private InternetChecksum() {
    }

    /** Adds the 16-bit words of {@code a[off, off+len)} to {@code initial}; an odd last octet is padded with zero. */
    public static long sum(byte[] a, int off, int len, long initial) {
        long s = initial;
        int i = off;
        int end = off + len;
        // each 64-bit read adds at most 2^33: no overflow for any packet-sized input
        for (; i + 8 <= end; i += 8) {
            long w = (long) LONG_BE.get(a, i);
            s += (w >>> 32) + (w & 0xFFFF_FFFFL);
        }
        for (; i + 2 <= end; i += 2) {
            s += ((a[i] & 0xff) << 8) | (a[i + 1] & 0xff);
        }
        if (i < end) {
            s += (a[i] & 0xff) << 8;
        }
        return s;
    }

    /** Folds an unfolded sum to 16 bits (not complemented). */
    public static int fold(long sum) {
        long s = (sum & 0xFFFF_FFFFL) + (sum >>> 32);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int) s;
    }

    /**
     * The unfolded sum of the TCP/UDP pseudo-header: source and destination address of
     * {@code addrLen} octets each, starting at {@code a[srcOff]} (IPv4 and IPv6 headers keep them
     * adjacent), the protocol number and the transport length.
     */
    public static long pseudoHeader(byte[] a, int srcOff, int addrLen, int protocol, int transportLength) {
        return sum(a, srcOff, 2 * addrLen, 0) + protocol + transportLength;
    }

    /** The IPv4 header checksum to store for the {@code ihlOctets}-long header at {@code a[off]}, its checksum field read as zero. */
    public static int ipv4Header(byte[] a, int off, int ihlOctets) {
        long s = sum(a, off, ihlOctets, 0);
        s -= ((a[off + 10] & 0xff) << 8) | (a[off + 11] & 0xff); // exact: the sum includes the field
        return ~fold(s) & 0xFFFF;
    }
}

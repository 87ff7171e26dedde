package io.vpnd.net;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A traffic selector (RFC 7296 §3.13.1): an inclusive address range of one IP family, an IP
 * protocol (0 = any) and an inclusive port range. Addresses are kept as raw octets so that the
 * per-packet {@link #matches} check allocates nothing.
 */
public final class TrafficSelector {
    public static final int ANY_PROTOCOL = 0;
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final byte[] start;
    private final byte[] end;
    // The range as unsigned 128-bit numbers (IPv4 in the high half), for the per-packet check.
    private final long startHigh;
    private final long startLow;
    private final long endHigh;
    private final long endLow;
    private final int protocol;
    private final int startPort;
    private final int endPort;

    public TrafficSelector(InetAddress start, InetAddress end, int protocol, int startPort, int endPort) {
        if (start.getClass() != end.getClass()) {
            throw new IllegalArgumentException("traffic selector mixes IPv4 and IPv6: " + start + " - " + end);
        }
        if (compare(start.getAddress(), end.getAddress()) > 0) {
            throw new IllegalArgumentException("traffic selector start " + start.getHostAddress()
                    + " is above its end " + end.getHostAddress());
        }
        if (protocol < 0 || protocol > 255 || startPort < 0 || endPort > 65535 || startPort > endPort) {
            throw new IllegalArgumentException("bad protocol/port range " + protocol + " " + startPort + "-" + endPort);
        }
        this.start = start.getAddress();
        this.end = end.getAddress();
        this.startHigh = high(this.start, 0, this.start.length);
        this.startLow = low(this.start, 0, this.start.length);
        this.endHigh = high(this.end, 0, this.end.length);
        this.endLow = low(this.end, 0, this.end.length);
        this.protocol = protocol;
        this.startPort = startPort;
        this.endPort = endPort;
    }

    /** A selector for a whole prefix, any protocol and port: {@code 198.51.100.0/24}, {@code 2001:db8::/32}. */
    public static TrafficSelector ofCidr(String cidr) {
        int slash = cidr.indexOf('/');
        String host = slash < 0 ? cidr : cidr.substring(0, slash);
        InetAddress address = parseLiteral(host);
        int maxBits = address.getAddress().length * 8;
        int bits = maxBits;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in " + cidr);
            }
            if (bits < 0 || bits > maxBits) throw new IllegalArgumentException("bad prefix length in " + cidr);
        }
        byte[] lo = address.getAddress();
        byte[] hi = address.getAddress();
        for (int i = 0; i < lo.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            int mask = keep == 0 ? 0 : (0xff << (8 - keep)) & 0xff;
            lo[i] = (byte) (lo[i] & mask);
            hi[i] = (byte) (hi[i] | ~mask);
        }
        return new TrafficSelector(toAddress(lo), toAddress(hi), ANY_PROTOCOL, 0, 65535);
    }

    /** Parses an IP literal without ever resolving a name. */
    public static InetAddress parseLiteral(String literal) {
        String s = literal.trim();
        boolean v4 = s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = s.contains(":") && s.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) throw new IllegalArgumentException("not an IP address: " + literal);
        if (v4) {
            for (String part : s.split("\\.")) {
                if (Integer.parseInt(part) > 255) throw new IllegalArgumentException("not an IP address: " + literal);
            }
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal);
        }
    }

    private static InetAddress toAddress(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isIpv4() { return start.length == 4; }

    public InetAddress startAddress() { return toAddress(start); }

    public InetAddress endAddress() { return toAddress(end); }

    public int protocol() { return protocol; }

    public int startPort() { return startPort; }

    public int endPort() { return endPort; }

    /**
     * True when the address of {@code addrLen} octets at {@code packet[off]} lies in the range.
     * Protocol and ports are checked by {@link #matches} callers that know them.
     */
    public boolean containsAddress(byte[] packet, int off, int addrLen) {
        if (addrLen != start.length) return false;
        long h = high(packet, off, addrLen);
        long l = low(packet, off, addrLen);
        int fromStart = Long.compareUnsigned(h, startHigh);
        int toEnd = Long.compareUnsigned(h, endHigh);
        return (fromStart > 0 || fromStart == 0 && Long.compareUnsigned(l, startLow) >= 0)
                && (toEnd < 0 || toEnd == 0 && Long.compareUnsigned(l, endLow) <= 0);
    }

    private static long high(byte[] a, int off, int len) {
        return len == 4 ? Integer.toUnsignedLong((int) INT_BE.get(a, off)) : (long) LONG_BE.get(a, off);
    }

    private static long low(byte[] a, int off, int len) {
        return len == 4 ? 0 : (long) LONG_BE.get(a, off + 8);
    }

    /** True when an address, protocol and port (use -1 for "no port", e.g. ICMP) fall inside. */
    public boolean matches(byte[] packet, int addrOff, int addrLen, int proto, int port) {
        if (!containsAddress(packet, addrOff, addrLen)) return false;
        if (protocol != ANY_PROTOCOL && protocol != proto) return false;
        if (startPort == 0 && endPort == 65535) return true;
        return port >= startPort && port <= endPort;
    }

    /** True when every address/port this selector admits is also admitted by {@code other}. */
    public boolean isSubsetOf(TrafficSelector other) {
        return start.length == other.start.length
                && compare(start, other.start) >= 0 && compare(end, other.end) <= 0
                && (other.protocol == ANY_PROTOCOL || other.protocol == protocol)
                && startPort >= other.startPort && endPort <= other.endPort;
    }

    /** The intersection with {@code other}, or null when they do not overlap (RFC 7296 §2.9 narrowing). */
    public TrafficSelector intersect(TrafficSelector other) {
        if (start.length != other.start.length) return null;
        if (protocol != ANY_PROTOCOL && other.protocol != ANY_PROTOCOL && protocol != other.protocol) return null;
        byte[] lo = compare(start, other.start) >= 0 ? start : other.start;
        byte[] hi = compare(end, other.end) <= 0 ? end : other.end;
        if (compare(lo, hi) > 0) return null;
        int pLo = Math.max(startPort, other.startPort);
        int pHi = Math.min(endPort, other.endPort);
        if (pLo > pHi) return null;
        return new TrafficSelector(toAddress(lo), toAddress(hi),
                protocol == ANY_PROTOCOL ? other.protocol : protocol, pLo, pHi);
    }

    private static int compare(byte[] a, byte[] b) {
        for (int i = 0; i < b.length; i++) {
            int d = (a[i] & 0xff) - (b[i] & 0xff);
            if (d != 0) return d;
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrafficSelector t && Arrays.equals(start, t.start) && Arrays.equals(end, t.end)
                && protocol == t.protocol && startPort == t.startPort && endPort == t.endPort;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(start) * 31 + Arrays.hashCode(end) + protocol * 7 + startPort * 13 + endPort;
    }

    /** Prefix form when the range is a prefix and ports/protocol are "any", else {@code a-b[proto/ports]}. */
    @Override
    public String toString() {
        String range = rangeString();
        if (protocol == ANY_PROTOCOL && startPort == 0 && endPort == 65535) return range;
        return range + "[" + protocol + "/" + (startPort == endPort ? "" + startPort : startPort + "-" + endPort) + "]";
    }

    private String rangeString() {
        BigInteger lo = new BigInteger(1, start);
        BigInteger hi = new BigInteger(1, end);
        BigInteger size = hi.subtract(lo).add(BigInteger.ONE);
        int bits = start.length * 8;
        if (size.bitCount() == 1) {
            int hostBits = size.bitLength() - 1;
            if (lo.mod(size).signum() == 0) {
                return Addresses.format(startAddress()) + "/" + (bits - hostBits);
            }
        }
        return Addresses.format(startAddress()) + "-" + Addresses.format(endAddress());
    }

    /** Whether an address literal is IPv6 (used by callers that build selectors per family). */
    public static boolean isIpv6(InetAddress a) {
        return a instanceof Inet6Address;
    }

    /** Whether an address literal is IPv4. */
    public static boolean isIpv4(InetAddress a) {
        return a instanceof Inet4Address;
    }
}

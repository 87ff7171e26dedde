package io.vpnd.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IP address with a prefix length ({@code 198.51.100.0/24}, {@code 169.254.10.1/30},
 * {@code 2001:db8::/32}), as the config writes selectors, routes and interface addresses and as
 * netlink programs and dumps routes. Selectors and routes are networks (no host bits, see
 * {@link #parseNetwork} and {@link #isNetwork}); an interface address keeps its host part.
 *
 * @param address      the address as written
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 */
public record Cidr(InetAddress address, int prefixLength) {

    public Cidr {
        Objects.requireNonNull(address, "address");
        if (prefixLength < 0 || prefixLength > address.getAddress().length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range for "
                    + Addresses.format(address));
        }
    }

    /**
     * Parses {@code ADDRESS/LENGTH}; without {@code /LENGTH} the whole address (/32 or /128) is
     * meant. Host bits are allowed here; see {@link #parseNetwork}.
     */
    public static Cidr parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        InetAddress address;
        try {
            address = Addresses.parse(slash < 0 ? s : s.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a CIDR prefix (use e.g. 198.51.100.0/24"
                    + " or 2001:db8::/32; names are never resolved)");
        }
        int max = address.getAddress().length * 8;
        if (slash < 0) return new Cidr(address, max);
        String len = s.substring(slash + 1);
        int bits;
        try {
            bits = len.matches("\\d{1,3}") ? Integer.parseInt(len) : -1;
        } catch (NumberFormatException e) {
            bits = -1;
        }
        if (bits < 0 || bits > max) {
            throw new IllegalArgumentException("\"" + text + "\" has a bad prefix length (0.." + max + " for "
                    + Addresses.family(address) + ")");
        }
        return new Cidr(address, bits);
    }

    /** Like {@link #parse}, but rejects host bits after the prefix, naming the network meant. */
    public static Cidr parseNetwork(String text) {
        Cidr cidr = parse(text);
        if (!cidr.isNetwork()) {
            throw new IllegalArgumentException("\"" + text + "\" has host bits set after the /" + cidr.prefixLength
                    + " prefix (did you mean " + cidr.network() + "?)");
        }
        return cidr;
    }

    /** Parses an interface address: a prefix length is required, and the host part must be usable. */
    public static Cidr parseInterfaceAddress(String text) {
        if (!text.contains("/")) {
            throw new IllegalArgumentException("\"" + text + "\" needs a prefix length (e.g. 169.254.10.1/30)");
        }
        Cidr cidr = parse(text);
        int max = cidr.address.getAddress().length * 8;
        if (!cidr.isIpv6() && cidr.prefixLength <= 30 && cidr.prefixLength < max) {
            if (cidr.isNetwork()) {
                throw new IllegalArgumentException("\"" + text + "\" is the network address of its /"
                        + cidr.prefixLength + ", not a host address");
            }
            if (cidr.isBroadcast()) {
                throw new IllegalArgumentException("\"" + text + "\" is the broadcast address of its /"
                        + cidr.prefixLength + ", not a host address");
            }
        }
        return cidr;
    }

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** True when no bit after the prefix is set. */
    public boolean isNetwork() {
        return network().address.equals(address);
    }

    private boolean isBroadcast() {
        byte[] raw = address.getAddress();
        for (int i = 0; i < raw.length; i++) {
            int hostMask = ~prefixMask(i) & 0xff;
            if ((raw[i] & hostMask) != hostMask) return false;
        }
        return true;
    }

    /** The prefix with host bits cleared. */
    public Cidr network() {
        byte[] raw = address.getAddress();
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (raw[i] & prefixMask(i));
        }
        try {
            return new Cidr(InetAddress.getByAddress(raw), prefixLength);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private int prefixMask(int octet) {
        int keep = Math.max(0, Math.min(8, prefixLength - octet * 8));
        return keep == 0 ? 0 : (0xff << (8 - keep)) & 0xff;
    }

    /** True when every address of {@code other} lies inside this prefix (same family). */
    public boolean contains(Cidr other) {
        if (isIpv6() != other.isIpv6() || other.prefixLength < prefixLength) return false;
        return new Cidr(other.address, prefixLength).network().address.equals(network().address);
    }

    /** The selector covering this prefix, any protocol and port. */
    public TrafficSelector toTrafficSelector() {
        return TrafficSelector.ofCidr(toString());
    }

    @Override
    public String toString() {
        return Addresses.format(address) + "/" + prefixLength;
    }
}

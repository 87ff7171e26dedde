package io.vpnd.netlink;

import io.vpnd.net.TrafficSelector;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * An IPv4 or IPv6 network prefix such as {@code 198.51.100.0/24} or {@code 2001:db8::/32}. Host
 * bits must be zero: the kernel refuses such routes ("Invalid prefix for given prefix length"),
 * and refusing them here gives the error where the prefix was written.
 */
public record IpPrefix(InetAddress address, int length) {

    public IpPrefix {
        int bits = address.getAddress().length * 8;
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("prefix length " + length + " out of range for "
                    + address.getHostAddress());
        }
        byte[] a = address.getAddress();
        for (int i = 0; i < a.length; i++) {
            int keep = Math.max(0, Math.min(8, length - i * 8));
            int hostMask = 0xff >>> keep;
            if ((a[i] & hostMask) != 0) {
                throw new IllegalArgumentException(address.getHostAddress() + "/" + length
                        + " has host bits set");
            }
        }
    }

    /** Parses {@code ADDRESS/LENGTH} from an address literal (no name resolution). */
    public static IpPrefix parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a prefix (missing /length): " + cidr);
        }
        InetAddress address = TrafficSelector.parseLiteral(cidr.substring(0, slash));
        int length;
        try {
            length = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in " + cidr);
        }
        return new IpPrefix(address, length);
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + length;
    }
}

package io.vpnd.net;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * IP literals as admins write and read them: parsing that never does a DNS lookup and whose
 * messages say so, and RFC 5952 text for IPv6 (where {@link InetAddress#getHostAddress} writes the
 * long form).
 */
public final class Addresses {
    private Addresses() { }

    /** Parses an IPv4 or IPv6 literal; the message quotes the text and says names are not resolved. */
    public static InetAddress parse(String text) {
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        try {
            return TrafficSelector.parseLiteral(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address"
                    + " (vpnd never resolves names: write an IPv4 or IPv6 literal)");
        }
    }

    /** The address as text, IPv6 in RFC 5952 canonical form ({@code 2001:db8::1}, not Java's long form). */
    public static String format(InetAddress address) {
        if (!isIpv6(address)) return address.getHostAddress();
        byte[] raw = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = ((raw[2 * i] & 0xff) << 8) | (raw[2 * i + 1] & 0xff);
        // RFC 5952 §4.2: shorten the longest run of two or more zero groups, the first on a tie
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) j++;
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLength - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') b.append(':');
            b.append(Integer.toHexString(groups[i]));
        }
        return b.toString();
    }

    /** {@code 192.0.2.1:4500} or {@code [2001:db8::1]:4500}. */
    public static String format(java.net.InetSocketAddress endpoint) {
        String host = format(endpoint.getAddress());
        return (isIpv6(endpoint.getAddress()) ? "[" + host + "]" : host) + ":" + endpoint.getPort();
    }

    public static boolean isIpv6(InetAddress address) {
        return address instanceof Inet6Address;
    }

    public static String family(InetAddress address) {
        return isIpv6(address) ? "IPv6" : "IPv4";
    }
}

package io.vpnd.config;

import io.vpnd.ike.message.IkeConstants.IdType;
import io.vpnd.net.Addresses;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An IKE identity (RFC 7296 §3.5) written as strongSwan writes it: an IP literal, an FQDN
 * ({@code left.vpn.test}, or {@code @left} to force FQDN), {@code user@fqdn}, an X.500 DN
 * ({@code "C=CH, O=strongSwan, CN=moon"}, RDNs encoded in the order written, as strongSwan
 * does), or a key id {@code @#0123abcd}.
 *
 * @param type  the ID type (RFC 7296 §3.5): one of the six a config can write
 * @param value canonical text: the address, the name, or the DN as Bouncy Castle prints it
 */
public record IkeIdentity(IdType type, String value) {
    /** The ID types an identity can be written as in the config (no GN, FC_NAME or NULL identities). */
    private static final Set<IdType> CONFIGURABLE = EnumSet.of(IdType.ID_IPV4_ADDR, IdType.ID_FQDN,
            IdType.ID_RFC822_ADDR, IdType.ID_IPV6_ADDR, IdType.ID_DER_ASN1_DN, IdType.ID_KEY_ID);

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern LOCAL_PART = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}");

    public IkeIdentity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (!CONFIGURABLE.contains(type)) throw new IllegalArgumentException(type + " identities are not supported");
    }

    /** The identity of an address, as strongSwan uses by default for an endpoint without an id. */
    public static IkeIdentity ofAddress(InetAddress address) {
        return new IkeIdentity(Addresses.isIpv6(address) ? IdType.ID_IPV6_ADDR : IdType.ID_IPV4_ADDR,
                Addresses.format(address));
    }

    /** @throws IllegalArgumentException quoting the text and saying which forms are accepted */
    public static IkeIdentity parse(String text) {
        String s = text.strip();
        String forms = " (use an FQDN, an IP address, user@fqdn, or a DN like \"C=US, O=Example, CN=gw\")";
        if (s.isEmpty()) throw new IllegalArgumentException("empty identity" + forms);
        if (s.startsWith("@#")) {
            String hex = s.substring(2);
            if (hex.isEmpty() || hex.length() % 2 != 0 || !hex.matches("[0-9A-Fa-f]+")) {
                throw new IllegalArgumentException("\"" + text + "\" is not a key id (write @# and an even number"
                        + " of hex digits)");
            }
            return new IkeIdentity(IdType.ID_KEY_ID, hex.toLowerCase(Locale.ROOT));
        }
        if (s.startsWith("@")) {
            String name = s.substring(1);
            if (!isFqdn(name)) throw new IllegalArgumentException("\"" + text + "\" is not a valid FQDN" + forms);
            return new IkeIdentity(IdType.ID_FQDN, name);
        }
        if (s.contains("=")) {
            try {
                return new IkeIdentity(IdType.ID_DER_ASN1_DN, new X500Name(BCStyle.INSTANCE, s).toString());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + text + "\" is not a distinguished name: " + e.getMessage()
                        + " (write e.g. \"C=US, O=Example, CN=gw.example.com\")");
            }
        }
        if (s.matches("[0-9.]+") || s.contains(":")) {
            InetAddress address = Addresses.parse(s);
            return ofAddress(address);
        }
        int at = s.lastIndexOf('@');
        if (at >= 0) {
            if (!LOCAL_PART.matcher(s.substring(0, at)).matches() || !isFqdn(s.substring(at + 1))) {
                throw new IllegalArgumentException("\"" + text + "\" is not a valid user@fqdn identity" + forms);
            }
            return new IkeIdentity(IdType.ID_RFC822_ADDR, s);
        }
        if (!isFqdn(s)) throw new IllegalArgumentException("\"" + text + "\" is not a valid identity" + forms);
        return new IkeIdentity(IdType.ID_FQDN, s);
    }

    private static boolean isFqdn(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty() || n.length() > 253) return false;
        for (String label : n.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) return false;
        }
        return true;
    }

    /** The Identification Data of the ID payload (RFC 7296 §3.5) for this identity. */
    public byte[] encoded() {
        return switch (type) {
            case ID_IPV4_ADDR, ID_IPV6_ADDR -> Addresses.parse(value).getAddress();
            case ID_FQDN, ID_RFC822_ADDR -> value.getBytes(StandardCharsets.US_ASCII);
            case ID_KEY_ID -> HexFormat.of().parseHex(value);
            case ID_DER_ASN1_DN -> {
                try {
                    yield new X500Name(BCStyle.INSTANCE, value).getEncoded();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            // unreachable: the constructor admits only CONFIGURABLE types
            default -> throw new IllegalStateException(type + " identities are not supported");
        };
    }

    /** The identity as the config writes it. */
    @Override
    public String toString() {
        return switch (type) {
            case ID_KEY_ID -> "@#" + value;
            default -> value;
        };
    }
}

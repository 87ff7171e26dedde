package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.IdType;
import io.vpnd.ike.message.IkeConstants.PayloadType;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Identification payload, IDi or IDr (RFC 7296 §3.5). {@link #encodeBody()} is RestOfIDPayload,
 * the octets that the AUTH payload's MACed/signed data includes (RFC 7296 §2.15). The ID type is
 * kept raw; address IDs must have the address length.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   ID Type     |                 RESERVED                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                   Identification Data                         ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class IdPayload extends IkePayload {
    private final boolean initiator;
    private final int idType;
    private final byte[] data;

    public IdPayload(boolean initiator, int idType, byte[] data) {
        if (idType < 0 || idType > 0xff) throw new IllegalArgumentException("ID type " + idType);
        String problem = checkLength(idType, data.length);
        if (problem != null) throw new IllegalArgumentException(problem);
        this.initiator = initiator;
        this.idType = idType;
        this.data = data.clone();
    }

    public IdPayload(boolean initiator, IdType idType, byte[] data) {
        this(initiator, idType.id(), data);
    }

    /** ID_FQDN, e.g. {@code right.vpn.test}. */
    public static IdPayload fqdn(boolean initiator, String fqdn) {
        return new IdPayload(initiator, IdType.ID_FQDN, fqdn.getBytes(StandardCharsets.US_ASCII));
    }

    /** ID_RFC822_ADDR, e.g. {@code user@vpn.test}. */
    public static IdPayload rfc822(boolean initiator, String address) {
        return new IdPayload(initiator, IdType.ID_RFC822_ADDR, address.getBytes(StandardCharsets.US_ASCII));
    }

    /** ID_IPV4_ADDR or ID_IPV6_ADDR by the address family. */
    public static IdPayload address(boolean initiator, InetAddress address) {
        return new IdPayload(initiator, address instanceof Inet6Address ? IdType.ID_IPV6_ADDR : IdType.ID_IPV4_ADDR,
                address.getAddress());
    }

    /** ID_KEY_ID: opaque octets. */
    public static IdPayload keyId(boolean initiator, byte[] keyId) {
        return new IdPayload(initiator, IdType.ID_KEY_ID, keyId);
    }

    private static String checkLength(int idType, int n) {
        if (idType == IdType.ID_IPV4_ADDR.id() && n != 4) return "ID_IPV4_ADDR of " + n + " octets";
        if (idType == IdType.ID_IPV6_ADDR.id() && n != 16) return "ID_IPV6_ADDR of " + n + " octets";
        return null;
    }

    /** Decodes the body of an IDi ({@code initiator}) or IDr payload. */
    public static IdPayload decodeBody(boolean initiator, byte[] body) throws InvalidSyntaxException {
        ByteReader r = new ByteReader(body);
        int type = r.u8("ID type");
        r.skip(3, "ID reserved");
        byte[] data = r.rest();
        String problem = checkLength(type, data.length);
        if (problem != null) throw new InvalidSyntaxException(problem);
        return new IdPayload(initiator, type, data);
    }

    /** True for IDi, false for IDr. */
    public boolean isInitiator() { return initiator; }

    /** The ID Type as received. */
    public int idTypeId() { return idType; }

    /** The ID type, or null when unknown. */
    public IdType idType() { return IdType.byId(idType); }

    public byte[] data() { return data.clone(); }

    /** The identity as an admin writes it: address, name, or hex for binary types. */
    public String displayValue() {
        IdType t = idType();
        if (t == IdType.ID_IPV4_ADDR || t == IdType.ID_IPV6_ADDR) {
            try {
                return io.vpnd.net.Addresses.format(InetAddress.getByAddress(data));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // lengths were checked in the constructor
            }
        }
        if (t == IdType.ID_FQDN || t == IdType.ID_RFC822_ADDR) return new String(data, StandardCharsets.US_ASCII);
        return HexFormat.of().formatHex(data);
    }

    /** True when this ID is the given address (for ID_IPV4_ADDR / ID_IPV6_ADDR). */
    public boolean isAddress(InetAddress a) {
        return (a instanceof Inet4Address && idTypeId() == IdType.ID_IPV4_ADDR.id()
                || a instanceof Inet6Address && idTypeId() == IdType.ID_IPV6_ADDR.id())
                && Arrays.equals(a.getAddress(), data);
    }

    @Override
    public int typeId() { return (initiator ? PayloadType.IDi : PayloadType.IDr).id(); }

    @Override
    public byte[] encodeBody() {
        return new ByteWriter(4 + data.length).u8(idType).zeros(3).bytes(data).toByteArray();
    }

    @Override
    public String toString() {
        IdType t = idType();
        return (initiator ? "IDi(" : "IDr(") + (t == null ? "type " + idType : t) + " " + displayValue() + ")";
    }
}

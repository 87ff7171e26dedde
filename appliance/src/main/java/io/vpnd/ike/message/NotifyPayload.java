package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;
import io.vpnd.ike.message.IkeConstants.PayloadType;
import io.vpnd.ike.message.IkeConstants.ProtocolId;

/**
 * Notify payload, N (RFC 7296 §3.10). The notify type is kept raw: unknown error types in a
 * response mean the request failed, unknown status types are ignored (§3.10.1). Protocol ID 0 and
 * an empty SPI mean the notification concerns the IKE SA.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Protocol ID  |   SPI Size    |      Notify Message Type      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                Security Parameter Index (SPI)                 ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                       Notification Data                       ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class NotifyPayload extends IkePayload {
    private final int protocolId;
    private final byte[] spi;
    private final int notifyType;
    private final byte[] data;

    public NotifyPayload(int protocolId, byte[] spi, int notifyType, byte[] data) {
        if (protocolId < 0 || protocolId > 0xff) throw new IllegalArgumentException("protocol " + protocolId);
        if (spi.length > 0xff) throw new IllegalArgumentException("SPI of " + spi.length + " octets");
        if (notifyType < 0 || notifyType > 0xffff) throw new IllegalArgumentException("notify type " + notifyType);
        this.protocolId = protocolId;
        this.spi = spi.clone();
        this.notifyType = notifyType;
        this.data = data.clone();
    }

    /** A notification about the IKE SA (protocol 0, no SPI). */
    public static NotifyPayload of(NotifyType type, byte[] data) {
        return new NotifyPayload(0, new byte[0], type.id(), data);
    }

    /** A notification about the IKE SA without data. */
    public static NotifyPayload of(NotifyType type) {
        return of(type, new byte[0]);
    }

    /** A notification about a Child SA, e.g. REKEY_SA with the SPI of the SA being rekeyed. */
    public static NotifyPayload forChildSa(ProtocolId protocol, int spi, NotifyType type, byte[] data) {
        return new NotifyPayload(protocol.id(), Octets.u32(spi), type.id(), data);
    }

    public static NotifyPayload decodeBody(byte[] body) throws InvalidSyntaxException {
        ByteReader r = new ByteReader(body);
        int protocol = r.u8("notify protocol ID");
        int spiSize = r.u8("notify SPI size");
        int type = r.u16("notify type");
        byte[] spi = r.bytes(spiSize, "notify SPI");
        return new NotifyPayload(protocol, spi, type, r.rest());
    }

    /** The Protocol ID (0 when the notification concerns the IKE SA). */
    public int protocolId() { return protocolId; }

    public byte[] spi() { return spi.clone(); }

    /** The SPI as a 32-bit value for ESP/AH notifications; throws when the SPI is not 4 octets. */
    public int childSpi() {
        if (spi.length != 4) throw new IllegalStateException("notify SPI has " + spi.length + " octets");
        return Octets.int32(spi);
    }

    /** The Notify Message Type as received. */
    public int notifyTypeId() { return notifyType; }

    /** The notify type, or null when unknown. */
    public NotifyType notifyType() { return NotifyType.byId(notifyType); }

    public boolean is(NotifyType type) { return notifyType == type.id(); }

    /** True for error types, known or not (0..16383). */
    public boolean isError() { return notifyType < IkeConstants.FIRST_STATUS_NOTIFY_TYPE; }

    public byte[] data() { return data.clone(); }

    @Override
    public int typeId() { return PayloadType.N.id(); }

    @Override
    public byte[] encodeBody() {
        return new ByteWriter(4 + spi.length + data.length).u8(protocolId).u8(spi.length).u16(notifyType)
                .bytes(spi).bytes(data).toByteArray();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("N(").append(NotifyType.nameOf(notifyType));
        if (spi.length > 0) b.append(", ").append(ProtocolId.byId(protocolId)).append(" SPI ").append(hex(spi, 8));
        if (data.length > 0) b.append(", ").append(hex(data, 16));
        return b.append(')').toString();
    }
}

package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.PayloadType;
import io.vpnd.ike.message.IkeConstants.ProtocolId;

import java.util.ArrayList;
import java.util.List;

/**
 * Delete payload, D (RFC 7296 §3.11). Deleting the IKE SA: protocol IKE, SPI size 0, no SPIs.
 * Deleting Child SAs: protocol ESP or AH, SPI size 4, the SPIs the sender expects on inbound
 * packets. The length must be exactly 4 + SPI size × number of SPIs.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Protocol ID   |   SPI Size    |          Num of SPIs          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~               Security Parameter Index(es) (SPI)              ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class DeletePayload extends IkePayload {
    private final int protocolId;
    private final int spiSize;
    private final List<byte[]> spis;

    public DeletePayload(int protocolId, int spiSize, List<byte[]> spis) {
        if (protocolId < 0 || protocolId > 0xff) throw new IllegalArgumentException("protocol " + protocolId);
        if (spiSize < 0 || spiSize > 0xff || spis.size() > 0xffff) throw new IllegalArgumentException("SPI size/count");
        List<byte[]> copy = new ArrayList<>(spis.size());
        for (byte[] s : spis) {
            if (s.length != spiSize) throw new IllegalArgumentException("SPI of " + s.length + " octets, size " + spiSize);
            copy.add(s.clone());
        }
        this.protocolId = protocolId;
        this.spiSize = spiSize;
        this.spis = copy;
    }

    /** Deletes the IKE SA the message is sent on (and with it all its Child SAs). */
    public static DeletePayload ikeSa() {
        return new DeletePayload(ProtocolId.IKE.id(), 0, List.of());
    }

    /** Deletes Child SAs, named by the SPIs of their inbound SAs at the sender. */
    public static DeletePayload childSas(ProtocolId protocol, int... spis) {
        List<byte[]> list = new ArrayList<>();
        for (int s : spis) list.add(Octets.u32(s));
        return new DeletePayload(protocol.id(), 4, list);
    }

    public static DeletePayload decodeBody(byte[] body) throws InvalidSyntaxException {
        ByteReader r = new ByteReader(body);
        int protocol = r.u8("delete protocol ID");
        int spiSize = r.u8("delete SPI size");
        int count = r.u16("delete SPI count");
        if (r.remaining() != spiSize * count) {
            throw new InvalidSyntaxException("delete payload announces " + count + " SPIs of " + spiSize
                    + " octets but has " + r.remaining());
        }
        if (protocol == ProtocolId.IKE.id() && spiSize != 0) {
            throw new InvalidSyntaxException("delete of the IKE SA with SPI size " + spiSize + " (must be 0)");
        }
        if ((protocol == ProtocolId.ESP.id() || protocol == ProtocolId.AH.id()) && spiSize != 4) {
            throw new InvalidSyntaxException("delete of " + ProtocolId.byId(protocol) + " SAs with SPI size " + spiSize);
        }
        List<byte[]> spis = new ArrayList<>(count);
        for (int i = 0; i < count; i++) spis.add(r.bytes(spiSize, "delete SPI"));
        return new DeletePayload(protocol, spiSize, spis);
    }

    public int protocolId() { return protocolId; }

    public ProtocolId protocol() { return ProtocolId.byId(protocolId); }

    public int spiSize() { return spiSize; }

    /** True when this deletes the IKE SA. */
    public boolean deletesIkeSa() { return protocolId == ProtocolId.IKE.id(); }

    public List<byte[]> spis() {
        List<byte[]> out = new ArrayList<>(spis.size());
        for (byte[] s : spis) out.add(s.clone());
        return out;
    }

    /** The SPIs as 32-bit values (ESP/AH); throws when the SPI size is not 4. */
    public int[] childSpis() {
        if (spiSize != 4) throw new IllegalStateException("SPI size " + spiSize);
        int[] out = new int[spis.size()];
        for (int i = 0; i < out.length; i++) out[i] = Octets.int32(spis.get(i));
        return out;
    }

    @Override
    public int typeId() { return PayloadType.D.id(); }

    @Override
    public byte[] encodeBody() {
        ByteWriter w = new ByteWriter(4 + spiSize * spis.size()).u8(protocolId).u8(spiSize).u16(spis.size());
        for (byte[] s : spis) w.bytes(s);
        return w.toByteArray();
    }

    @Override
    public String toString() {
        if (deletesIkeSa()) return "D(IKE)";
        StringBuilder b = new StringBuilder("D(").append(protocol() == null ? "protocol " + protocolId : protocol());
        for (byte[] s : spis) b.append(' ').append(hex(s, 8));
        return b.append(')').toString();
    }
}

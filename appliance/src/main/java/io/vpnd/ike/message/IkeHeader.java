package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeConstants.PayloadType;

/**
 * The IKE header (RFC 7296 §3.1). SPIs are kept as the 64-bit numbers their 8 octets spell,
 * message ID and length as unsigned 32-bit values in a {@code long}.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       IKE SA Initiator's SPI                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       IKE SA Responder's SPI                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Payload | MjVer | MnVer | Exchange Type |     Flags     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Message ID                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                            Length                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Flags: |X|X|R|V|I|X|X|X|   R = Response, V = Version, I = Initiator
 * </pre>
 *
 * <p>{@link #decode} is the first, cheap step of receiving: it gives the SPIs to find the IKE SA
 * before anything is decrypted. Reserved flag bits are ignored on receipt and sent as zero.
 *
 * @param initiatorSpi  IKE SA Initiator's SPI (never 0)
 * @param responderSpi  IKE SA Responder's SPI (0 in the first IKE_SA_INIT request)
 * @param nextPayload   type of the first payload (filled in by {@link IkeMessage#encode})
 * @param minorVersion  minor version (0 when sending, ignored on receipt)
 * @param exchangeType  exchange type
 * @param initiatorFlag I: set in messages sent by the original initiator of the IKE SA
 * @param versionFlag   V: the sender could speak a higher major version (never set by vpnd)
 * @param responseFlag  R: the message is a response
 * @param messageId     Message ID, unsigned 32 bits
 * @param length        length of the whole message in octets (filled in by {@link IkeMessage#encode})
 */
public record IkeHeader(long initiatorSpi, long responderSpi, int nextPayload, int minorVersion,
                        ExchangeType exchangeType, boolean initiatorFlag, boolean versionFlag,
                        boolean responseFlag, long messageId, long length) {

    static final int FLAG_RESPONSE = 0x20;
    static final int FLAG_VERSION = 0x10;
    static final int FLAG_INITIATOR = 0x08;

    public IkeHeader {
        if (exchangeType == null) throw new IllegalArgumentException("exchange type missing");
        if (nextPayload < 0 || nextPayload > 0xff) throw new IllegalArgumentException("next payload " + nextPayload);
        if (minorVersion < 0 || minorVersion > 0xf) throw new IllegalArgumentException("minor version " + minorVersion);
        if (messageId < 0 || messageId > 0xffffffffL) throw new IllegalArgumentException("message ID " + messageId);
        if (length < 0 || length > 0xffffffffL) throw new IllegalArgumentException("length " + length);
    }

    /** A header to send; next payload and length are computed when the message is encoded. */
    public static IkeHeader of(long initiatorSpi, long responderSpi, ExchangeType exchangeType,
                               boolean initiatorFlag, boolean responseFlag, long messageId) {
        return new IkeHeader(initiatorSpi, responderSpi, 0, IkeConstants.MINOR_VERSION, exchangeType,
                initiatorFlag, false, responseFlag, messageId, 0);
    }

    /** Major version: always 2 (others are rejected by {@link #decode}). */
    public int majorVersion() { return IkeConstants.MAJOR_VERSION; }

    /** True for requests (R flag clear). */
    public boolean isRequest() { return !responseFlag; }

    /** This header with other next-payload and length fields. */
    public IkeHeader withNextPayloadAndLength(int nextPayload, long length) {
        return new IkeHeader(initiatorSpi, responderSpi, nextPayload, minorVersion, exchangeType,
                initiatorFlag, versionFlag, responseFlag, messageId, length);
    }

    /**
     * Decodes and checks the header of a received IKE message (a UDP payload on port 500, or on
     * port 4500 after the non-ESP marker). Checks, in order: at least 28 octets, major version 2,
     * Length equal to the datagram's length, a known exchange type, a non-zero initiator SPI.
     *
     * @throws InvalidMajorVersionException when the major version is not 2
     * @throws InvalidSyntaxException       for everything else
     */
    public static IkeHeader decode(byte[] message) throws IkeProtocolException {
        ByteReader r = new ByteReader(message);
        if (r.remaining() < IkeConstants.HEADER_LENGTH) {
            throw new InvalidSyntaxException("message of " + message.length + " octets is shorter than the IKE header");
        }
        long spiI = r.u64("initiator SPI");
        long spiR = r.u64("responder SPI");
        int next = r.u8("next payload");
        int version = r.u8("version");
        int exchange = r.u8("exchange type");
        int flags = r.u8("flags");
        long messageId = r.u32("message ID");
        long length = r.u32("length");
        int major = version >>> 4;
        if (major != IkeConstants.MAJOR_VERSION) {
            throw new InvalidMajorVersionException(major, spiI, spiR, exchange, (flags & FLAG_RESPONSE) != 0, messageId);
        }
        if (length != message.length) {
            throw new InvalidSyntaxException("header length " + length + " but datagram has " + message.length + " octets");
        }
        ExchangeType type = ExchangeType.byId(exchange);
        if (type == null) throw new InvalidSyntaxException("unknown exchange type " + exchange);
        if (spiI == 0) throw new InvalidSyntaxException("initiator SPI is zero");
        return new IkeHeader(spiI, spiR, next, version & 0xf, type, (flags & FLAG_INITIATOR) != 0,
                (flags & FLAG_VERSION) != 0, (flags & FLAG_RESPONSE) != 0, messageId, length);
    }

    /** The 28-octet header as it goes on the wire, with this record's next payload and length. */
    public byte[] encode() {
        ByteWriter w = new ByteWriter(IkeConstants.HEADER_LENGTH);
        write(w);
        return w.toByteArray();
    }

    void write(ByteWriter w) {
        int flags = (responseFlag ? FLAG_RESPONSE : 0) | (versionFlag ? FLAG_VERSION : 0)
                | (initiatorFlag ? FLAG_INITIATOR : 0);
        w.u64(initiatorSpi).u64(responderSpi).u8(nextPayload)
                .u8((IkeConstants.MAJOR_VERSION << 4) | minorVersion)
                .u8(exchangeType.id()).u8(flags).u32(messageId).u32(length);
    }

    @Override
    public String toString() {
        return String.format("%s %s %d [%016x_i %016x_r%s%s] next=%s len=%d", exchangeType,
                responseFlag ? "response" : "request", messageId, initiatorSpi, responderSpi,
                initiatorFlag ? " I" : "", versionFlag ? " V" : "", PayloadType.nameOf(nextPayload), length);
    }
}

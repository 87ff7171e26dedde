package io.vpnd.esp;

import io.vpnd.net.IpPacket;

/**
 * Wire constants of ESP (RFC 4303) and of its AES-GCM (RFC 4106) and AES-CBC (RFC 3602) uses,
 * named as the RFCs name them, in one place.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ ----
 * |               Security Parameters Index (SPI)                 | ^Int.
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |Cov-
 * |                      Sequence Number                          | |ered
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ | ----
 * |                    IV (8 octets GCM, 16 CBC)                  | |   ^
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |   |
 * |              Payload Data (the inner IP packet)               | |Conf.
 * ~                                                               ~ |Cov-
 * +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |ered
 * |               |     Padding (0-255 bytes: 1, 2, 3, ...)       | |   |
 * +-+-+-+-+-+-+-+-+               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ |   |
 * |                               |  Pad Length   | Next Header   | v   v
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ ------
 * |         Integrity Check Value-ICV (variable)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class EspConstants {
    /** SPI octets (RFC 4303 §2.1). */
    public static final int SPI_LENGTH = 4;
    /** Sequence Number octets on the wire; with ESN only the low 32 bits travel (RFC 4303 §2.2). */
    public static final int SEQUENCE_NUMBER_LENGTH = 4;
    /** SPI + Sequence Number. */
    public static final int HEADER_LENGTH = SPI_LENGTH + SEQUENCE_NUMBER_LENGTH;
    /** Pad Length + Next Header (RFC 4303 §2.5, §2.6). */
    public static final int TRAILER_LENGTH = 2;
    /** Largest Pad Length value. */
    public static final int MAX_PAD_LENGTH = 255;

    /** Next Header for an IPv4 inner packet in tunnel mode. */
    public static final int NEXT_HEADER_IPV4 = IpPacket.PROTO_IPV4;
    /** Next Header for an IPv6 inner packet in tunnel mode. */
    public static final int NEXT_HEADER_IPV6 = IpPacket.PROTO_IPV6;
    /** Next Header of a dummy packet (RFC 4303 §2.6, "no next header"). */
    public static final int NEXT_HEADER_NONE = IpPacket.PROTO_NONE;

    /** SPI 0 is reserved and never names an SA (RFC 4303 §2.1); on UDP port 4500 it marks IKE (RFC 3948 §2.2). */
    public static final int RESERVED_SPI = 0;

    /** Last usable sequence number without ESN; the SA must not wrap (RFC 4303 §3.3.3). */
    public static final long MAX_SEQUENCE_NUMBER = 0xFFFF_FFFFL;
    /** Last usable extended sequence number, 2^64 - 1, as an unsigned long. */
    public static final long MAX_EXTENDED_SEQUENCE_NUMBER = -1L;
    /** How many sequence numbers before the last one the SA asks IKE to rekey (2^20). */
    public static final long SEQUENCE_REKEY_MARGIN = 1L << 20;

    /** Salt octets of the AES-GCM nonce (RFC 4106 §4). */
    public static final int GCM_SALT_LENGTH = 4;
    /** AES-GCM nonce: salt || explicit IV (RFC 4106 §4). */
    public static final int GCM_NONCE_LENGTH = 12;
    /** AES block, and so the AES-CBC IV and padding unit (RFC 3602). */
    public static final int AES_BLOCK_LENGTH = 16;

    private EspConstants() {
    }
}

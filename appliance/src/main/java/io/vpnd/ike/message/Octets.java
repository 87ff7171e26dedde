package io.vpnd.ike.message;

/**
 * Single big-endian values as octets, for the few places that need one outside a
 * {@link ByteWriter} or {@link ByteReader}: notification data and 4-octet Child SA SPIs.
 */
final class Octets {
    private Octets() {}

    static byte[] u8(int v) {
        return new byte[] {(byte) v};
    }

    static byte[] u16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    /** The low 32 bits of {@code v}; an {@code int} SPI widens to the same four octets. */
    static byte[] u32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** Four octets as a 32-bit value, e.g. an ESP/AH SPI; the caller has checked the length. */
    static int int32(byte[] b) {
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }
}

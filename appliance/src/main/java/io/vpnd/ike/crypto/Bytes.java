package io.vpnd.ike.crypto;

import java.math.BigInteger;
import java.util.Arrays;

/** Small byte-array helpers shared by the IKE crypto classes. */
final class Bytes {
    private Bytes() {
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    /** Overwrites secrets so that they do not linger on the heap longer than the object using them. */
    static void wipe(byte[]... arrays) {
        for (byte[] a : arrays) {
            if (a != null) {
                Arrays.fill(a, (byte) 0);
            }
        }
    }

    /** An 8-octet IKE SPI in network order. */
    static byte[] spi(long spi) {
        byte[] out = new byte[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = (byte) spi;
            spi >>>= 8;
        }
        return out;
    }

    /** {@code value} as an unsigned big-endian integer left-padded with zeros to {@code length} octets. */
    static byte[] fixedLength(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        if (raw.length == length) {
            return raw;
        }
        byte[] out = new byte[length];
        if (raw.length > length) {
            // toByteArray adds a sign octet when the top bit is set; anything longer is a bug.
            int extra = raw.length - length;
            for (int i = 0; i < extra; i++) {
                if (raw[i] != 0) {
                    throw new IllegalArgumentException("value does not fit in " + length + " octets");
                }
            }
            System.arraycopy(raw, extra, out, 0, length);
        } else {
            System.arraycopy(raw, 0, out, length - raw.length, raw.length);
        }
        Bytes.wipe(raw);
        return out;
    }

    static byte[] copyOfRange(byte[] a, int from, int length) {
        return Arrays.copyOfRange(a, from, from + length);
    }
}

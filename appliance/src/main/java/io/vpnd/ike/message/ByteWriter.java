package io.vpnd.ike.message;

import java.util.Arrays;

/** Growable big-endian writer used by the encoders; range errors are programming errors here. */
final class ByteWriter {
    private byte[] buf;
    private int len;

    ByteWriter() {
        this(64);
    }

    ByteWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int n) {
        if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }

    int length() { return len; }

    ByteWriter u8(int v) {
        if (v < 0 || v > 0xff) throw new IllegalArgumentException("not an octet: " + v);
        ensure(1);
        buf[len++] = (byte) v;
        return this;
    }

    ByteWriter u16(int v) {
        if (v < 0 || v > 0xffff) throw new IllegalArgumentException("not a 16-bit value: " + v);
        ensure(2);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
        return this;
    }

    ByteWriter u32(long v) {
        if (v < 0 || v > 0xffffffffL) throw new IllegalArgumentException("not a 32-bit value: " + v);
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) buf[len++] = (byte) (v >>> shift);
        return this;
    }

    ByteWriter u64(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) buf[len++] = (byte) (v >>> shift);
        return this;
    }

    ByteWriter zeros(int n) {
        ensure(n);
        len += n; // the array is zero-filled and never shrinks, so the octets are already 0
        return this;
    }

    ByteWriter bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    /** Overwrites a 16-bit value already written at {@code offset} (lengths known only afterwards). */
    void putU16At(int offset, int v) {
        if (v < 0 || v > 0xffff) throw new IllegalArgumentException("not a 16-bit value: " + v);
        buf[offset] = (byte) (v >>> 8);
        buf[offset + 1] = (byte) v;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }
}

package io.vpnd.ike.message;

import java.util.Arrays;

/**
 * Bounds-checked big-endian reader over a slice of a byte array. Every read that would pass the
 * end throws {@link InvalidSyntaxException}, so a decoder built on it cannot fail with an
 * {@code IndexOutOfBoundsException} on hostile input.
 */
final class ByteReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    ByteReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    ByteReader(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buf.length - length) {
            throw new IllegalArgumentException("slice " + offset + "+" + length + " outside " + buf.length);
        }
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    int position() { return pos; }

    int remaining() { return end - pos; }

    boolean hasRemaining() { return pos < end; }

    private void need(int n, String what) throws InvalidSyntaxException {
        if (n < 0 || n > end - pos) {
            throw new InvalidSyntaxException(what + ": needs " + n + " octets, " + (end - pos) + " left");
        }
    }

    int u8(String what) throws InvalidSyntaxException {
        need(1, what);
        return buf[pos++] & 0xff;
    }

    int u16(String what) throws InvalidSyntaxException {
        need(2, what);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    long u32(String what) throws InvalidSyntaxException {
        need(4, what);
        long v = ((long) (buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16)
                | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    long u64(String what) throws InvalidSyntaxException {
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (buf[pos + i] & 0xff);
        pos += 8;
        return v;
    }

    void skip(int n, String what) throws InvalidSyntaxException {
        need(n, what);
        pos += n;
    }

    byte[] bytes(int n, String what) throws InvalidSyntaxException {
        need(n, what);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    byte[] rest() {
        byte[] out = Arrays.copyOfRange(buf, pos, end);
        pos = end;
        return out;
    }

    /** A reader over the next {@code n} octets, which this reader then skips. */
    ByteReader slice(int n, String what) throws InvalidSyntaxException {
        need(n, what);
        ByteReader r = new ByteReader(buf, pos, n);
        pos += n;
        return r;
    }
}

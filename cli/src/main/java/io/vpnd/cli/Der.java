package io.vpnd.cli;

import java.io.ByteArrayOutputStream;

/**
 * Just enough DER (X.690) to re-wrap OpenSSL's traditional key formats as PKCS#8, which is what the
 * JDK's {@code KeyFactory} reads: build TLVs and walk the elements of a SEQUENCE.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int SEQUENCE = 0x30;
    /** [0] EXPLICIT, constructed: SEC1's {@code parameters} field. */
    static final int CONTEXT_0 = 0xa0;

    /** One element: its tag and where its contents are in the input. */
    record Element(int tag, int contentStart, int contentLength) {
        int end() {
            return contentStart + contentLength;
        }
    }

    private Der() {
    }

    static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            content.writeBytes(part);
        }
        return tlv(SEQUENCE, content.toByteArray());
    }

    /** Reads the element starting at {@code offset}. */
    static Element read(byte[] der, int offset) {
        if (offset + 2 > der.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        int tag = der[offset] & 0xff;
        int first = der[offset + 1] & 0xff;
        int pos = offset + 2;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int bytes = first & 0x7f;
            if (bytes == 0 || bytes > 4 || pos + bytes > der.length) {
                throw new IllegalArgumentException("unsupported DER length");
            }
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[pos++] & 0xff);
            }
        }
        if (length < 0 || pos + length > der.length) {
            throw new IllegalArgumentException("DER length beyond the data");
        }
        return new Element(tag, pos, length);
    }

    static byte[] copy(byte[] der, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(der, from, out, 0, out.length);
        return out;
    }
}

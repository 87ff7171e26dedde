package io.vpnd.ike.message;

import io.vpnd.ike.crypto.SkCipher;
import io.vpnd.ike.crypto.SkCipher.IntegrityCheckFailedException;

import java.util.Arrays;

/**
 * Padding and the calls into {@link SkCipher} shared by SK and SKF payloads (RFC 7296 §3.14,
 * RFC 7383 §2.5). The sender pads to the cipher's block size with zero octets followed by the Pad
 * Length octet; the receiver accepts any Pad Length that fits, as §3.14 requires.
 */
final class SkProtection {
    private SkProtection() {}

    /** Octets of plaintext (content + padding + Pad Length) for {@code contentLength} octets of content. */
    static int plaintextLength(SkCipher cipher, int contentLength) {
        int block = Math.max(1, cipher.blockSize());
        int unpadded = contentLength + 1;
        return unpadded + (block - unpadded % block) % block;
    }

    /** Octets of an SK/SKF body (IV + plaintext + ICV) for {@code contentLength} octets of content. */
    static int bodyLength(SkCipher cipher, int contentLength) {
        return cipher.ivLength() + plaintextLength(cipher, contentLength) + cipher.icvLength();
    }

    /** Pads {@code content} and encrypts it; {@code aad} already holds the final lengths. */
    static byte[] seal(SkCipher cipher, byte[] aad, byte[] content) {
        int total = plaintextLength(cipher, content.length);
        int padLength = total - content.length - 1;
        if (padLength > 255) throw new IllegalStateException("block size " + cipher.blockSize() + " needs too much padding");
        byte[] plaintext = Arrays.copyOf(content, total); // padding octets are zero
        plaintext[total - 1] = (byte) padLength;
        byte[] body = cipher.encrypt(aad, plaintext);
        if (body.length != bodyLength(cipher, content.length)) {
            throw new IllegalStateException("SkCipher returned " + body.length + " octets, expected "
                    + bodyLength(cipher, content.length));
        }
        return body;
    }

    /**
     * Verifies and decrypts a body and strips the padding.
     *
     * @throws IntegrityCheckFailedException when the body is too short or does not verify (drop silently)
     * @throws InvalidSyntaxException        when the verified plaintext has an impossible Pad Length
     */
    static byte[] open(SkCipher cipher, byte[] aad, byte[] body) throws IntegrityCheckFailedException, InvalidSyntaxException {
        if (body.length < cipher.ivLength() + cipher.icvLength() + 1) {
            throw new IntegrityCheckFailedException("encrypted payload body of " + body.length + " octets is too short");
        }
        byte[] plaintext = cipher.decrypt(aad, body);
        if (plaintext.length == 0) throw new InvalidSyntaxException("empty plaintext without Pad Length");
        int padLength = plaintext[plaintext.length - 1] & 0xff;
        if (padLength + 1 > plaintext.length) {
            throw new InvalidSyntaxException("Pad Length " + padLength + " exceeds the " + plaintext.length + " octets of plaintext");
        }
        return Arrays.copyOf(plaintext, plaintext.length - padLength - 1);
    }
}

package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.PayloadType;

/**
 * Nonce payload, Ni/Nr (RFC 7296 §3.9): 16 to 256 octets of random data, at least half the PRF key
 * size.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                            Nonce Data                         ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class NoncePayload extends IkePayload {
    private final byte[] nonce;

    /** @throws IllegalArgumentException when the nonce is not 16..256 octets */
    public NoncePayload(byte[] nonce) {
        if (!validLength(nonce.length)) throw new IllegalArgumentException("nonce of " + nonce.length + " octets");
        this.nonce = nonce.clone();
    }

    private static boolean validLength(int n) {
        return n >= IkeConstants.NONCE_MIN_LENGTH && n <= IkeConstants.NONCE_MAX_LENGTH;
    }

    public static NoncePayload decodeBody(byte[] body) throws InvalidSyntaxException {
        if (!validLength(body.length)) {
            throw new InvalidSyntaxException("nonce of " + body.length + " octets (must be 16..256)");
        }
        return new NoncePayload(body);
    }

    public byte[] nonce() { return nonce.clone(); }

    @Override
    public int typeId() { return PayloadType.NONCE.id(); }

    @Override
    public byte[] encodeBody() { return nonce.clone(); }

    @Override
    public String toString() { return "No(" + hex(nonce, 8) + ")"; }
}

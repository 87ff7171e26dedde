package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.AuthMethod;
import io.vpnd.ike.message.IkeConstants.PayloadType;

/**
 * Authentication payload, AUTH (RFC 7296 §3.8): a MAC or signature over the peer's first message,
 * the other side's nonce and prf(SK_p, RestOfIDPayload) (§2.15). With Digital Signature (method
 * 14, RFC 7427) the data starts with the signature algorithm identifier.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Auth Method   |                RESERVED                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                      Authentication Data                      ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class AuthPayload extends IkePayload {
    private final int method;
    private final byte[] authData;

    public AuthPayload(int method, byte[] authData) {
        if (method < 0 || method > 0xff) throw new IllegalArgumentException("auth method " + method);
        this.method = method;
        this.authData = authData.clone();
    }

    public AuthPayload(AuthMethod method, byte[] authData) {
        this(method.id(), authData);
    }

    public static AuthPayload decodeBody(byte[] body) throws InvalidSyntaxException {
        ByteReader r = new ByteReader(body);
        int method = r.u8("auth method");
        r.skip(3, "AUTH reserved");
        if (!r.hasRemaining()) throw new InvalidSyntaxException("AUTH payload without authentication data");
        return new AuthPayload(method, r.rest());
    }

    /** The Auth Method as received. */
    public int methodId() { return method; }

    /** The method, or null when unknown (answer AUTHENTICATION_FAILED). */
    public AuthMethod method() { return AuthMethod.byId(method); }

    public byte[] authData() { return authData.clone(); }

    @Override
    public int typeId() { return PayloadType.AUTH.id(); }

    @Override
    public byte[] encodeBody() {
        return new ByteWriter(4 + authData.length).u8(method).zeros(3).bytes(authData).toByteArray();
    }

    @Override
    public String toString() {
        AuthMethod m = method();
        return "AUTH(" + (m == null ? "method " + method : m) + ", " + authData.length + " octets)";
    }
}

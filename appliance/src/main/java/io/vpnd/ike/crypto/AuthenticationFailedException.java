package io.vpnd.ike.crypto;

/**
 * The peer's AUTH payload did not verify (wrong PSK, bad signature, unacceptable algorithm). The
 * IKE layer answers with AUTHENTICATION_FAILED (RFC 7296 §2.21.2). The message is for logs and
 * admins; it never contains key material.
 */
public final class AuthenticationFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    public AuthenticationFailedException(String message) {
        super(message, null, false, false);
    }

    public AuthenticationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}

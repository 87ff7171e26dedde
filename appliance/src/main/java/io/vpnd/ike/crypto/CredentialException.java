package io.vpnd.ike.crypto;

/**
 * A certificate, key or CA bundle could not be loaded. The message names the source (usually a
 * file) and what is wrong with it, so that {@code vpnd check} can print it as is.
 */
public final class CredentialException extends Exception {
    private static final long serialVersionUID = 1L;

    public CredentialException(String message) {
        super(message);
    }

    public CredentialException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.vpnd.ike.crypto;

/**
 * The peer's certificate chain or identity was rejected. {@link #reason()} classifies it; the
 * message is written for admins ("certificate 'CN=…' expired on …"). The IKE layer answers with
 * AUTHENTICATION_FAILED.
 */
public final class CertificateValidationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a certificate or identity was refused. */
    public enum Reason {
        EXPIRED,
        NOT_YET_VALID,
        /** No path to a configured CA. */
        UNKNOWN_CA,
        BAD_SIGNATURE,
        /** An issuing certificate lacks basicConstraints cA=true. */
        NOT_A_CA,
        PATH_TOO_LONG,
        /** keyUsage forbids the use (keyCertSign for CAs, digitalSignature for the end entity). */
        KEY_USAGE,
        UNSUPPORTED_CRITICAL_EXTENSION,
        /** The peer's IKE identity is not in its end-entity certificate. */
        ID_MISMATCH,
        MALFORMED,
        OTHER
    }

    private final Reason reason;

    public CertificateValidationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public CertificateValidationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

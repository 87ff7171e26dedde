package io.vpnd.cli;

/** A failure to report to the admin as one line on stderr, exiting 1 (cannot connect, daemon error). */
final class VpnctlException extends Exception {

    VpnctlException(String message) {
        super(message);
    }

    VpnctlException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.vpnd.api;

/** A management request that cannot be carried out; {@link #status} is the HTTP status to answer with. */
public class ManagementException extends Exception {
    private final int status;

    public ManagementException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 404 unknown tunnel, 409 conflicting state, 422 invalid config, 500 internal. */
    public int status() { return status; }
}

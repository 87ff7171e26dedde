package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;

/**
 * INVALID_MAJOR_VERSION (RFC 7296 §2.5): the header's major version is not 2. An IKE_SA_INIT
 * request with a higher major version may be answered in the clear with this notify and version
 * 2 in the reply header; anything else (e.g. IKEv1 on port 500) is dropped.
 */
public final class InvalidMajorVersionException extends IkeProtocolException {
    private final int receivedMajorVersion;

    public InvalidMajorVersionException(int receivedMajorVersion) {
        super(NotifyType.INVALID_MAJOR_VERSION, new byte[0],
                "IKE major version " + receivedMajorVersion + " (only 2 is supported)");
        this.receivedMajorVersion = receivedMajorVersion;
    }

    public int receivedMajorVersion() { return receivedMajorVersion; }
}

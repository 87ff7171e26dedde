package io.vpnd.ec2;

import java.io.IOException;

/**
 * Instance metadata could not answer: not on EC2, metadata turned off for the instance, or the
 * item asked for does not exist. The message is written for the admin and says which.
 */
public final class InstanceMetadataException extends IOException {
    public InstanceMetadataException(String message) {
        super(message);
    }

    public InstanceMetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}

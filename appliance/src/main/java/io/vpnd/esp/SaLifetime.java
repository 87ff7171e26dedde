package io.vpnd.esp;

/**
 * Volume limits of an SA. At the soft limit the data plane reports the SA so that IKE can
 * rekey it; at the hard limit the SA stops carrying traffic. Zero means unlimited. Time limits
 * are IKE's business and are not enforced here.
 */
public record SaLifetime(long softBytes, long hardBytes, long softPackets, long hardPackets) {
    public static final SaLifetime UNLIMITED = new SaLifetime(0, 0, 0, 0);

    public SaLifetime {
        if (softBytes < 0 || hardBytes < 0 || softPackets < 0 || hardPackets < 0) {
            throw new IllegalArgumentException("negative lifetime");
        }
    }
}

package io.vpnd.config;

/**
 * Data-plane tuning.
 *
 * @param threads event-loop threads; 0 means one per available core
 * @param offload the fast path (default on): TUN offloads (IFF_VNET_HDR + TUNSETOFFLOAD: TSO/USO
 *                super-packets) and UDP GSO/GRO on the ESP sockets; off sends and reads one packet per call
 */
public record DataplaneConfig(int threads, boolean offload) {
    public static final DataplaneConfig DEFAULT = new DataplaneConfig(0, true);

    public DataplaneConfig {
        if (threads < 0) throw new IllegalArgumentException("negative thread count");
    }

    /** {@link #threads}, with 0 resolved to the number of available cores. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}

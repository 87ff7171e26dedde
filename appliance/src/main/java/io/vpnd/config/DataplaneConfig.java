package io.vpnd.config;

/**
 * Data-plane tuning.
 *
 * @param threads event-loop threads; 0 means one per available core
 * @param offload use TUN offloads (IFF_VNET_HDR + TUNSETOFFLOAD: TSO/USO super-packets)
 */
public record DataplaneConfig(int threads, boolean offload) {
    public static final DataplaneConfig DEFAULT = new DataplaneConfig(0, false);

    public DataplaneConfig {
        if (threads < 0) throw new IllegalArgumentException("negative thread count");
    }

    /** {@link #threads}, with 0 resolved to the number of available cores. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }
}

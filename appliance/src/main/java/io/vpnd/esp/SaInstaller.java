package io.vpnd.esp;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * How key management (IKE, or manual keys from the config) installs SAs into the data plane,
 * like strongSwan's {@code kernel_ipsec_t}. IKE is tested against a fake of this interface; the
 * data plane against specs built by hand.
 *
 * <p>For make-before-break rekeying, install the new inbound SA, then the new outbound SA (which
 * from then on carries the tunnel's outbound traffic for its selectors), and remove the old pair
 * a little later.
 */
public interface SaInstaller {
    /** Installs an SA. An inbound SPI already installed is an error. */
    void install(ChildSaSpec sa);

    /**
     * Moves an SA to new outer endpoints (NAT mapping changed). Returns false if the SA is unknown.
     * SAs are named by tunnel and SPI: outbound SPIs are the peers' choice and unique only per peer.
     */
    boolean updateEndpoints(String tunnel, int spi, SaDirection direction, InetSocketAddress local,
                            InetSocketAddress remote);

    /** Removes an SA. Returns false if it was not installed. */
    boolean remove(String tunnel, int spi, SaDirection direction);

    /** Counters of an installed SA. */
    Optional<SaStats> stats(String tunnel, int spi, SaDirection direction);

    /**
     * A candidate inbound SPI for {@code tunnel}, adjusted (by a few) so that the data plane
     * receives its packets on the thread that serves the tunnel; the default keeps it. The result
     * is a candidate still: the caller checks it is unused.
     */
    default int steerInboundSpi(String tunnel, int spi) {
        return spi;
    }

    /** Receives lifetime events from now on. */
    void setEventListener(SaEventListener listener);
}

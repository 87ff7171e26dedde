package io.vpnd.ike;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What IKE tells the control module about a tunnel: state changes with a reason an admin can
 * act on, the peer's endpoint as seen through NAT, and events for metrics. Called on the IKE
 * thread; implementations must not block.
 */
public interface IkeTunnelEvents {
    /** IKE_SA_INIT sent or received: the tunnel is being negotiated. */
    void connecting(String tunnel, String reason);

    /** A Child SA pair is installed: traffic can flow. */
    void up(String tunnel, String reason);

    /** No Child SA is left (failure, delete, DPD timeout, shutdown); {@code reason} says why. */
    void down(String tunnel, String reason);

    /** The peer's outer endpoint changed (NAT mapping, or a responder tunnel learning its peer). */
    void peerEndpoint(String tunnel, InetSocketAddress endpoint);

    /** An IKE SA was established (initially or by rekeying). */
    default void ikeSaEstablished(String tunnel) {
    }

    /** A Child SA pair was installed (initially or by rekeying). */
    default void childSaEstablished(String tunnel) {
    }

    /** A rekey completed; {@code kind} is "ike" or "child". */
    default void rekeyed(String tunnel, String kind) {
    }

    /** The peer stopped answering liveness checks. */
    default void dpdTimeout(String tunnel) {
    }

    /** A request was answered after {@code rtt}. */
    default void roundTrip(String tunnel, Duration rtt) {
    }
}

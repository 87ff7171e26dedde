package io.vpnd.control;

import io.vpnd.api.SaView;

import java.util.List;

/**
 * How a tunnel gets its SAs: static keys from the config ({@link ManualKeying}) or IKEv2. The
 * keying installs SAs through the data plane's {@code SaInstaller} and reports the tunnel's state
 * through {@link Tunnel#transition}.
 */
public interface Keying {
    /** Brings SAs up (initiates, or waits for the peer as responder). */
    void start();

    /** Removes the tunnel's SAs; IKE tells the peer with a DELETE. */
    void stop(String reason);

    /** The SAs as {@code vpnctl sas} lists them. */
    List<SaView> sas();

    /** Child SA pairs installed now. */
    int childSaCount();

    /** "manual" or "ikev2". */
    String kind();
}

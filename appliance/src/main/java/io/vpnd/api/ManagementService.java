package io.vpnd.api;

import java.util.List;

/**
 * What the management API exposes, implemented by the control module. The HTTP front ends (Unix
 * socket for the local vpnctl, HTTPS with client certificates for fleets) only translate
 * requests to calls on this interface and its views to JSON.
 */
public interface ManagementService {
    /** All configured tunnels with state and traffic counters. */
    List<TunnelView> tunnels();

    /** All IKE and Child SAs. */
    List<SaView> sas();

    /** Routes vpnd holds, with whether each is installed in the kernel now. */
    List<RouteView> routes();

    /** Brings a tunnel up (initiates it). */
    ActionResult up(String tunnel) throws ManagementException;

    /** Takes a tunnel down (deletes its SAs, withdraws its routes) until {@link #up} or a reload. */
    ActionResult down(String tunnel) throws ManagementException;

    /** Re-reads the configuration file and applies the difference. */
    ActionResult reload() throws ManagementException;
}

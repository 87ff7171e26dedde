package io.vpnd.control;

/**
 * What {@code vpnctl status} and {@code vpnd_tunnel_state} say about a tunnel:
 * <pre>
 *   DOWN ──start/initiate──▶ CONNECTING ──SAs installed──▶ UP
 *    ▲                           │                          │
 *    └─────failure, DPD timeout, delete, admin down─────────┘
 * </pre>
 * UP means traffic can flow: at least one Child SA pair is installed.
 */
public enum TunnelState {
    DOWN, CONNECTING, UP
}

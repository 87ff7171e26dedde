package io.vpnd.api;

/**
 * One tunnel as {@code vpnctl status} shows it. Field names are the JSON contract of
 * {@code vpnctl status --json} (BRIEF §2); add fields, never rename.
 *
 * @param name         tunnel name
 * @param state        UP, DOWN or CONNECTING
 * @param since        ISO-8601 instant of the last state change
 * @param reason       why the tunnel is in this state (e.g. ESTABLISHED, DPD_TIMEOUT, AUTH_FAILED, ADMIN_DOWN)
 * @param localAddress outer address of this end
 * @param remoteAddress outer address of the peer (as currently seen, after NAT)
 * @param interfaceName TUN interface
 * @param bytesIn      inner octets received through the tunnel
 * @param bytesOut     inner octets sent through the tunnel
 * @param packetsIn    inner packets received
 * @param packetsOut   inner packets sent
 * @param drops        packets of this tunnel dropped, all reasons
 * @param childSas     number of installed Child SA pairs
 * @param keying       "ikev2" or "manual"
 */
public record TunnelView(String name, String state, String since, String reason,
                         String localAddress, String remoteAddress, String interfaceName,
                         long bytesIn, long bytesOut, long packetsIn, long packetsOut, long drops,
                         int childSas, String keying) {
}

package io.vpnd.api;

/**
 * One SA as {@code vpnctl sas} shows it.
 *
 * @param tunnel       owning tunnel
 * @param kind         "IKE" or "CHILD"
 * @param state        SA state (e.g. ESTABLISHED, REKEYING)
 * @param spiIn        inbound SPI in hex (IKE: our SPI)
 * @param spiOut       outbound SPI in hex (IKE: the peer's SPI)
 * @param algorithms   negotiated proposal in strongSwan syntax
 * @param established  ISO-8601 instant the SA was installed
 * @param rekeyInSeconds seconds until the next scheduled rekey, -1 if none
 * @param bytesIn      inner octets received on this SA
 * @param bytesOut     inner octets sent on this SA
 * @param packetsIn    packets received on this SA
 * @param packetsOut   packets sent on this SA
 * @param localSelectors  local traffic selectors
 * @param remoteSelectors remote traffic selectors
 */
public record SaView(String tunnel, String kind, String state, String spiIn, String spiOut,
                     String algorithms, String established, long rekeyInSeconds,
                     long bytesIn, long bytesOut, long packetsIn, long packetsOut,
                     java.util.List<String> localSelectors, java.util.List<String> remoteSelectors) {
}

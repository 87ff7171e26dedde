package io.vpnd.net;

/**
 * Why the data plane dropped a packet. The data plane never throws for a packet: it drops it and
 * counts one of these (exported as {@code vpnd_drops_total{reason="…"}}). Names are stable: they
 * are metric label values.
 */
public enum DropReason {
    /** Shorter than the fixed ESP header + IV + ICV, or not a multiple of the block size. */
    ESP_TRUNCATED("esp_truncated"),
    /** No inbound SA with this SPI. */
    ESP_UNKNOWN_SPI("esp_unknown_spi"),
    /** Sequence number already seen. */
    ESP_REPLAY("esp_replay"),
    /** Sequence number left of the replay window. */
    ESP_TOO_OLD("esp_too_old"),
    /** ICV did not verify (tampered, wrong key, wrong SA). */
    ESP_AUTH_FAILED("esp_auth_failed"),
    /** Padding or next-header invalid after decryption. */
    ESP_BAD_PADDING("esp_bad_padding"),
    /** Decrypted inner packet is not a well-formed IPv4/IPv6 packet. */
    INNER_MALFORMED("inner_malformed"),
    /** Decrypted inner addresses outside the SA's traffic selectors. */
    SELECTOR_MISMATCH("selector_mismatch"),
    /** A dummy packet (next header 59, RFC 4303 §2.6): dropped by design, counted for visibility. */
    ESP_DUMMY("esp_dummy"),
    /** Outbound: no Child SA of this tunnel covers the packet, or the tunnel has none yet. */
    NO_SA("no_sa"),
    /** Outbound: the SA used up its sequence number space and stops rather than wrapping. */
    SEQ_OVERFLOW("seq_overflow"),
    /** SA past its hard lifetime (bytes/packets) and not yet replaced. */
    SA_EXPIRED("sa_expired"),
    /** Packet read from TUN is not a well-formed IPv4/IPv6 packet. */
    TUN_MALFORMED("tun_malformed"),
    /** Inner packet larger than the tunnel allows and cannot be fragmented. */
    TOO_BIG("too_big"),
    /** Writing to the TUN device failed or would block. */
    TUN_WRITE_FAILED("tun_write_failed"),
    /** Sending the UDP datagram failed or the socket's outbound buffer is full. */
    UDP_SEND_FAILED("udp_send_failed"),
    /** A datagram on the NAT-T port that is neither ESP, IKE nor a keepalive. */
    UDP_MALFORMED("udp_malformed"),
    /** ESP arrived from an address that is not the SA's peer. */
    WRONG_PEER("wrong_peer");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    /** The metric label value. */
    public String label() { return label; }
}

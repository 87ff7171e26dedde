package io.vpnd.esp;

/**
 * Counters of one SA, as IKE and the management API read them.
 *
 * @param bytes         inner (plaintext) octets carried
 * @param packets       packets carried
 * @param lastUsedNanos {@link System#nanoTime()} of the last packet, or 0 if none
 */
public record SaStats(long bytes, long packets, long lastUsedNanos) {
}

package io.vpnd.tun;

/**
 * A snapshot of a {@link TunDevice}'s counters.
 *
 * @param packetsRead    packets read from the device and handed to the receiver
 * @param bytesRead      octets of those packets
 * @param readBatches    wake-ups that delivered at least one packet (= readComplete calls)
 * @param readErrors     failed reads (each also logged, the first in full)
 * @param readDrops      packets read but dropped: larger than the read buffer, so possibly truncated
 * @param packetsWritten packets the kernel accepted
 * @param bytesWritten   octets of those packets
 * @param writeDrops     packets refused by {@code write}: queue full or device not open
 * @param writeErrors    packets the kernel refused (other than "would block") and that were dropped
 * @param framesRead     read(2) calls that returned data: with IFF_VNET_HDR one may hold a 64 KiB
 *                       super-packet that became many packets, else one per packet
 * @param framesWritten  write(2) calls that succeeded: with IFF_VNET_HDR one may carry many
 *                       coalesced TCP segments, else one per packet
 */
public record TunStats(long packetsRead, long bytesRead, long readBatches, long readErrors, long readDrops,
                       long packetsWritten, long bytesWritten, long writeDrops, long writeErrors,
                       long framesRead, long framesWritten) {
}

package io.vpnd.dataplane;

import java.net.InetAddress;

/**
 * How the data plane binds and sizes itself.
 *
 * @param threads           event-loop threads (each with its own NAT-T socket via SO_REUSEPORT); 0 = cores
 * @param bindAddress       address the IKE and NAT-T sockets bind to
 * @param ikePort           IKE port (500), or 0 for no IKE socket (manual keying only)
 * @param natPort           NAT-T port (4500) carrying UDP-encapsulated ESP and IKE
 * @param socketBufferBytes SO_RCVBUF/SO_SNDBUF of the UDP sockets
 * @param udpOffload        UDP GSO on send (runs of ESP packets as one segmented send) and UDP GRO
 *                          on receive, where the kernel has them; goes with {@code dataplane.offload}
 */
public record DataPlaneOptions(int threads, InetAddress bindAddress, int ikePort, int natPort, int socketBufferBytes,
                               boolean udpOffload) {
    public DataPlaneOptions(int threads, InetAddress bindAddress, int ikePort, int natPort, int socketBufferBytes) {
        this(threads, bindAddress, ikePort, natPort, socketBufferBytes, false);
    }

    /** Canonical constructor: validates ports and thread count. */
    public DataPlaneOptions {
        if (threads < 0) throw new IllegalArgumentException("threads < 0");
        if (ikePort < 0 || ikePort > 65535 || natPort <= 0 || natPort > 65535) {
            throw new IllegalArgumentException("bad ports " + ikePort + "/" + natPort);
        }
    }

    /** Threads to actually run: the configured number, or one per core. */
    public int effectiveThreads() {
        return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }
}

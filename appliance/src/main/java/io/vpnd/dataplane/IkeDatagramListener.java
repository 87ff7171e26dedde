package io.vpnd.dataplane;

import java.net.InetSocketAddress;

/**
 * Receives IKE messages that arrive on vpnd's UDP sockets: on the IKE port as they are, and on
 * the NAT-T port after the four-octet non-ESP marker (RFC 3948 §2.2), which is already removed.
 * Called on data-plane threads with a copy the listener owns; it must hand work off, not block.
 */
public interface IkeDatagramListener {
    /**
     * @param local   the local address and port the datagram arrived on
     * @param remote  the sender
     * @param message the IKE message (header first)
     * @param natT    true when it came in on the NAT-T port
     */
    void onIkeMessage(InetSocketAddress local, InetSocketAddress remote, byte[] message, boolean natT);

    IkeDatagramListener NONE = (local, remote, message, natT) -> { };
}

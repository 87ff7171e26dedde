package io.vpnd.ike;

import java.net.InetSocketAddress;

/** How IKE sends datagrams: the data plane's sockets in production, a fake network in tests. */
public interface IkeNetwork {
    /**
     * Sends one IKE message to {@code remote}.
     *
     * @param natT true to send from the NAT-T port behind the non-ESP marker (RFC 3948 §2.2)
     */
    void send(InetSocketAddress remote, byte[] message, boolean natT);

    /** Sends a NAT-T keepalive to keep a NAT mapping open (RFC 3948 §2.3). */
    void sendKeepalive(InetSocketAddress remote);
}

package io.vpnd.tun;

import io.netty.buffer.ByteBuf;

/** Receives packets read from a {@link TunDevice}, in the manner of Netty's channelRead/ReadComplete. */
public interface TunReceiver {
    /** One IP packet; the receiver owns {@code packet} and must release it. */
    void packetRead(TunDevice device, ByteBuf packet);

    /** The end of one batch of reads (one event-loop wake-up): a good moment to flush. */
    void readComplete(TunDevice device);
}

package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;

/**
 * INVALID_SPI (RFC 7296 §3.10.1): an ESP or AH packet arrived for an SPI that does not exist. The
 * notification data is the SPI of the offending packet.
 */
public final class InvalidSpiException extends IkeProtocolException {
    private final int spi;

    public InvalidSpiException(int spi) {
        super(NotifyType.INVALID_SPI, Octets.u32(spi & 0xffffffffL), String.format("unknown SPI %08x", spi));
        this.spi = spi;
    }

    public int spi() { return spi; }
}

package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;
import io.vpnd.ike.message.IkeConstants.ProtocolId;

/**
 * INVALID_SELECTORS (RFC 7296 §3.10.1): an ESP packet decrypted on a Child SA but does not match
 * its selectors. The Notify carries the ESP SPI and, as data, the start of the offending packet.
 */
public final class InvalidSelectorsException extends IkeProtocolException {
    private final int spi;

    public InvalidSelectorsException(int spi, byte[] packetStart) {
        super(NotifyType.INVALID_SELECTORS, packetStart, String.format("packet outside the selectors of SA %08x", spi));
        this.spi = spi;
    }

    public int spi() { return spi; }

    @Override
    public NotifyPayload toNotifyPayload() {
        return NotifyPayload.forChildSa(ProtocolId.ESP, spi, NotifyType.INVALID_SELECTORS, notificationData());
    }
}

package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;
import io.vpnd.ike.message.IkeConstants.ProtocolId;

/**
 * CHILD_SA_NOT_FOUND (RFC 7296 §2.25): a CREATE_CHILD_SA request names a Child SA (by REKEY_SA)
 * that does not exist, e.g. because a delete crossed the rekey. The Notify carries its SPI.
 */
public final class ChildSaNotFoundException extends IkeProtocolException {
    private final ProtocolId protocol;
    private final int spi;

    public ChildSaNotFoundException(ProtocolId protocol, int spi) {
        super(NotifyType.CHILD_SA_NOT_FOUND, new byte[0], String.format("no %s SA with SPI %08x", protocol, spi));
        this.protocol = protocol;
        this.spi = spi;
    }

    public ProtocolId protocol() { return protocol; }

    public int spi() { return spi; }

    @Override
    public NotifyPayload toNotifyPayload() {
        return NotifyPayload.forChildSa(protocol, spi, NotifyType.CHILD_SA_NOT_FOUND, new byte[0]);
    }
}

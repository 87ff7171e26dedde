package io.vpnd.esp;

/**
 * What the data plane tells IKE about SAs it runs (like strongSwan's kernel_listener):
 * volume lifetimes reached and sequence numbers running out. Called on data-plane threads; an
 * implementation must hand the work off rather than block.
 */
public interface SaEventListener {
    /** The SA reached its soft (rekey now) or hard (stopped) volume limit, or its sequence space is nearly spent. */
    void onExpire(String tunnel, int spi, SaDirection direction, boolean hard);

    SaEventListener NONE = (tunnel, spi, direction, hard) -> { };
}

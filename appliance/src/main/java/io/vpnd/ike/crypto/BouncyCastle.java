package io.vpnd.ike.crypto;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.Provider;

/**
 * The Bouncy Castle JCA provider instance used for signatures. Passed explicitly rather than
 * registered with {@code Security.addProvider}, so the data plane's JCA choices are unaffected.
 */
final class BouncyCastle {
    static final Provider PROVIDER = new BouncyCastleProvider();

    private BouncyCastle() {
    }
}

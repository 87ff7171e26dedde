package io.vpnd.ike.crypto;

import io.vpnd.ike.message.AuthenticationFailedException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Pre-shared key authentication, auth method 2 (RFC 7296 §2.15):
 * AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), signed octets ). The same computation
 * serves EAP methods that produce an MSK (§2.16), with the MSK as the shared secret.
 */
public final class SharedKeyAuth {
    /** The 17 ASCII octets "Key Pad for IKEv2", without a terminating NUL (RFC 7296 §2.15). */
    static final byte[] KEY_PAD = "Key Pad for IKEv2".getBytes(StandardCharsets.US_ASCII);

    private SharedKeyAuth() {
    }

    /** The Authentication Data of our AUTH payload. */
    public static byte[] authData(Prf prf, byte[] sharedSecret, byte[] signedOctets) {
        byte[] padded = prf.compute(sharedSecret, KEY_PAD);
        try {
            return prf.compute(padded, signedOctets);
        } finally {
            Bytes.wipe(padded);
        }
    }

    /** Checks the peer's Authentication Data in constant time. */
    public static void verify(Prf prf, byte[] sharedSecret, byte[] signedOctets, byte[] received)
            throws AuthenticationFailedException {
        byte[] expected = authData(prf, sharedSecret, signedOctets);
        try {
            if (!MessageDigest.isEqual(expected, received)) {
                throw new AuthenticationFailedException("pre-shared key AUTH does not match (wrong PSK or identity?)");
            }
        } finally {
            Bytes.wipe(expected);
        }
    }
}

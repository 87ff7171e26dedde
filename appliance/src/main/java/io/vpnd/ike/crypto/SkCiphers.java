package io.vpnd.ike.crypto;

import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.crypto.Proposal.EncryptionSpec;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * Builds the {@link SkCipher} for one direction of an IKE SA from the negotiated algorithms and
 * that direction's SK_e (and SK_a). {@link IkeKeyMaterial#outboundCipher} and
 * {@link IkeKeyMaterial#inboundCipher} pick the keys by role; this is the lower-level entry.
 */
public final class SkCiphers {
    private SkCiphers() {
    }

    /**
     * @param encryption    cipher and key size
     * @param integrity     HMAC for CBC; null for GCM
     * @param encryptionKey SK_e: the AES key, followed by the 4-octet salt for GCM (RFC 5282 §7.1)
     * @param integrityKey  SK_a for CBC; ignored (may be null or empty) for GCM
     */
    public static SkCipher create(EncryptionSpec encryption, IntegrityAlgorithm integrity,
                                  byte[] encryptionKey, byte[] integrityKey) {
        return create(encryption, integrity, encryptionKey, integrityKey, IkeRandom.secureRandom());
    }

    /** As {@link #create(EncryptionSpec, IntegrityAlgorithm, byte[], byte[])} with an explicit IV source. */
    public static SkCipher create(EncryptionSpec encryption, IntegrityAlgorithm integrity,
                                  byte[] encryptionKey, byte[] integrityKey, SecureRandom random) {
        Objects.requireNonNull(encryption, "encryption");
        IkeSaTransforms.checkCipher(encryption, integrity);
        EncryptionAlgorithm alg = encryption.algorithm();
        int expected = alg.keyMaterialLength(encryption.keyBits());
        if (encryptionKey.length != expected) {
            throw new IllegalArgumentException(alg + "_" + encryption.keyBits() + " needs " + expected
                    + " octets of SK_e, got " + encryptionKey.length);
        }
        if (alg.isAead()) {
            return new AesGcmSkCipher(alg, encryptionKey, random);
        }
        if (integrityKey == null || integrityKey.length != integrity.keyLength()) {
            throw new IllegalArgumentException(integrity + " needs " + integrity.keyLength() + " octets of SK_a");
        }
        return new AesCbcHmacSkCipher(encryptionKey, integrity, integrityKey, random);
    }
}

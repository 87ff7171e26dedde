package io.vpnd.ike.crypto;

import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.crypto.Proposal;
import io.vpnd.crypto.Proposal.EncryptionSpec;

import java.util.Objects;

/**
 * The ESP algorithms of a Child SA, which decide how its KEYMAT is split (RFC 7296 §2.17).
 *
 * @param encryption the ESP cipher and key size
 * @param integrity  the ESP integrity algorithm; null for AEAD ciphers
 */
public record ChildSaTransforms(EncryptionSpec encryption, IntegrityAlgorithm integrity) {

    public ChildSaTransforms {
        Objects.requireNonNull(encryption, "encryption");
        IkeSaTransforms.checkCipher(encryption, integrity);
    }

    /** The transforms of a selected ESP proposal (first entry of each list). */
    public static ChildSaTransforms fromSelected(Proposal selected) {
        if (selected.encryption().isEmpty()) {
            throw new IllegalArgumentException("an ESP proposal needs an encryption algorithm");
        }
        return new ChildSaTransforms(selected.encryption().get(0),
                selected.integrity().isEmpty() ? null : selected.integrity().get(0));
    }

    /** Octets of one direction's encryption key, salt included for GCM (RFC 4106 §8.1). */
    public int encryptionKeyLength() {
        return encryption.algorithm().keyMaterialLength(encryption.keyBits());
    }

    /** Octets of one direction's integrity key; 0 for AEAD. */
    public int integrityKeyLength() {
        return integrity == null ? 0 : integrity.keyLength();
    }

    @Override
    public String toString() {
        return encryption + (integrity == null ? "" : "/" + integrity);
    }
}

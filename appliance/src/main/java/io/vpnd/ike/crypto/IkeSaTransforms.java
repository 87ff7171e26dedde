package io.vpnd.ike.crypto;

import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.crypto.PrfAlgorithm;
import io.vpnd.crypto.Proposal;
import io.vpnd.crypto.Proposal.EncryptionSpec;

import java.util.Objects;

/**
 * The algorithms an IKE SA negotiated, which decide the lengths of its keys (RFC 7296 §2.14).
 *
 * @param encryption the SK payload cipher and its key size
 * @param integrity  the SK payload integrity algorithm; null for AEAD ciphers
 * @param prf        the PRF
 */
public record IkeSaTransforms(EncryptionSpec encryption, IntegrityAlgorithm integrity, PrfAlgorithm prf) {

    public IkeSaTransforms {
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(prf, "prf");
        checkCipher(encryption, integrity);
    }

    static void checkCipher(EncryptionSpec encryption, IntegrityAlgorithm integrity) {
        EncryptionAlgorithm alg = encryption.algorithm();
        if (alg.isAead() != (integrity == null)) {
            throw new IllegalArgumentException(alg.isAead()
                    ? alg + " is AEAD and takes no integrity algorithm"
                    : alg + " needs an integrity algorithm");
        }
        int bits = encryption.keyBits();
        if (bits != 128 && bits != 192 && bits != 256) {
            throw new IllegalArgumentException(alg + " does not take a " + bits + "-bit key");
        }
    }

    /**
     * The transforms of a selected proposal (one entry per list, as the responder's SA payload
     * carries; the first entry of each list otherwise).
     */
    public static IkeSaTransforms fromSelected(Proposal selected) {
        if (selected.encryption().isEmpty() || selected.prf().isEmpty()) {
            throw new IllegalArgumentException("an IKE proposal needs an encryption algorithm and a PRF");
        }
        return new IkeSaTransforms(selected.encryption().get(0),
                selected.integrity().isEmpty() ? null : selected.integrity().get(0),
                selected.prf().get(0));
    }

    /** Octets of SK_ei / SK_er: the key plus, for GCM, the 4-octet salt (RFC 5282 §7.1). */
    public int encryptionKeyLength() {
        return encryption.algorithm().keyMaterialLength(encryption.keyBits());
    }

    /** Octets of SK_ai / SK_ar; 0 for AEAD. */
    public int integrityKeyLength() {
        return integrity == null ? 0 : integrity.keyLength();
    }

    @Override
    public String toString() {
        return encryption + (integrity == null ? "" : "/" + integrity) + "/" + prf;
    }
}

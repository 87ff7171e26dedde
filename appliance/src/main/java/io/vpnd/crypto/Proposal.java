package io.vpnd.crypto;

import java.util.List;

/**
 * One proposal: the acceptable algorithms of each transform type, in preference order, as an
 * admin writes them in strongSwan syntax ({@code aes256gcm16-prfsha256-ecp256}). An empty list
 * means the transform type is absent (no integrity for AEAD, no key exchange for ESP without
 * PFS). {@link #esn} lists the acceptable ESN modes ({@code true} = 64-bit sequence numbers).
 *
 * @param encryption encryption algorithms with key sizes
 * @param integrity  integrity algorithms (empty for AEAD)
 * @param prf        PRFs (IKE only)
 * @param groups     key exchange groups (IKE: required; ESP: optional PFS group)
 * @param esn        acceptable ESN modes (ESP only; empty for IKE)
 */
public record Proposal(List<EncryptionSpec> encryption,
                       List<IntegrityAlgorithm> integrity,
                       List<PrfAlgorithm> prf,
                       List<KeyExchangeGroup> groups,
                       List<Boolean> esn) {

    /** An encryption algorithm with its key length in bits. */
    public record EncryptionSpec(EncryptionAlgorithm algorithm, int keyBits) {
        @Override
        public String toString() {
            return algorithm + "_" + keyBits;
        }
    }

    public Proposal {
        encryption = List.copyOf(encryption);
        integrity = List.copyOf(integrity);
        prf = List.copyOf(prf);
        groups = List.copyOf(groups);
        esn = List.copyOf(esn);
    }
}

package io.vpnd.ike.crypto;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Hash algorithms of the SIGNATURE_HASH_ALGORITHMS notify (RFC 7427 §4, IANA "IKEv2 Hash
 * Algorithms"). The notify's data is a list of these 16-bit identifiers.
 */
public enum SignatureHashAlgorithm {
    SHA1(1, "SHA-1"),
    SHA2_256(2, "SHA-256"),
    SHA2_384(3, "SHA-384"),
    SHA2_512(4, "SHA-512"),
    /** RFC 8420: the signature algorithm hashes internally (EdDSA); not used by vpnd's signers. */
    IDENTITY(5, null);

    private final int id;
    private final String jcaDigest;

    SignatureHashAlgorithm(int id, String jcaDigest) {
        this.id = id;
        this.jcaDigest = jcaDigest;
    }

    public int id() {
        return id;
    }

    /** The JCA MessageDigest name; null for IDENTITY. */
    public String jcaDigest() {
        return jcaDigest;
    }

    public static SignatureHashAlgorithm byId(int id) {
        for (SignatureHashAlgorithm h : values()) {
            if (h.id == id) {
                return h;
            }
        }
        return null;
    }

    /** What vpnd announces: the SHA-2 family (SHA-1 is not offered for RFC 7427, RFC 8247 §3). */
    public static List<SignatureHashAlgorithm> defaults() {
        return List.of(SHA2_256, SHA2_384, SHA2_512);
    }

    /** Notification Data for SIGNATURE_HASH_ALGORITHMS: each identifier as two octets. */
    public static byte[] encodeNotifyData(Collection<SignatureHashAlgorithm> algorithms) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(algorithms.size() * 2);
        for (SignatureHashAlgorithm h : algorithms) {
            out.write(h.id >>> 8);
            out.write(h.id);
        }
        return out.toByteArray();
    }

    /**
     * Parses the peer's SIGNATURE_HASH_ALGORITHMS data; unknown identifiers are skipped.
     *
     * @throws IllegalArgumentException for an odd length (the IKE layer treats it as a malformed notify)
     */
    public static List<SignatureHashAlgorithm> decodeNotifyData(byte[] data) {
        if (data.length % 2 != 0) {
            throw new IllegalArgumentException("SIGNATURE_HASH_ALGORITHMS data of odd length " + data.length);
        }
        List<SignatureHashAlgorithm> out = new ArrayList<>();
        for (int i = 0; i < data.length; i += 2) {
            SignatureHashAlgorithm h = byId(((data[i] & 0xff) << 8) | (data[i + 1] & 0xff));
            if (h != null && !out.contains(h)) {
                out.add(h);
            }
        }
        return out;
    }

    /** The first of {@code preferences} the peer also supports. */
    public static Optional<SignatureHashAlgorithm> select(List<SignatureHashAlgorithm> preferences,
                                                          Collection<SignatureHashAlgorithm> peerSupported) {
        return preferences.stream().filter(peerSupported::contains).findFirst();
    }
}

package io.vpnd.crypto;

/**
 * Key exchange (Diffie-Hellman) groups, IKEv2 transform type 4. MODP groups from RFC 2409,
 * RFC 3526 and RFC 5114; ECP groups from RFC 5903; Curve25519 from RFC 8031.
 */
public enum KeyExchangeGroup {
    MODP_1024(2, Kind.MODP, 128),
    MODP_1536(5, Kind.MODP, 192),
    MODP_2048(14, Kind.MODP, 256),
    MODP_3072(15, Kind.MODP, 384),
    MODP_4096(16, Kind.MODP, 512),
    MODP_6144(17, Kind.MODP, 768),
    MODP_8192(18, Kind.MODP, 1024),
    ECP_256(19, Kind.ECP, 64),
    ECP_384(20, Kind.ECP, 96),
    ECP_521(21, Kind.ECP, 132),
    MODP_1024_160(22, Kind.MODP, 128),
    MODP_2048_224(23, Kind.MODP, 256),
    MODP_2048_256(24, Kind.MODP, 256),
    CURVE25519(31, Kind.MONTGOMERY, 32);

    /** The family of a group, which decides how its public values are encoded. */
    public enum Kind { MODP, ECP, MONTGOMERY }

    private final int id;
    private final Kind kind;
    private final int publicValueLength;

    KeyExchangeGroup(int id, Kind kind, int publicValueLength) {
        this.id = id;
        this.kind = kind;
        this.publicValueLength = publicValueLength;
    }

    public int id() { return id; }

    public Kind kind() { return kind; }

    /** Length in octets of the public value in a KE payload (RFC 7296 §3.4, RFC 5903 §7). */
    public int publicValueLength() { return publicValueLength; }

    public static KeyExchangeGroup byId(int id) {
        for (KeyExchangeGroup g : values()) {
            if (g.id == id) return g;
        }
        return null;
    }
}

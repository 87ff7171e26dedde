package io.vpnd.ike.crypto;

/** ID Types of the IDi/IDr payloads (RFC 7296 §3.5), named as the RFC names them. */
public enum IkeIdType {
    ID_IPV4_ADDR(1),
    ID_FQDN(2),
    ID_RFC822_ADDR(3),
    ID_IPV6_ADDR(5),
    ID_DER_ASN1_DN(9),
    ID_DER_ASN1_GN(10),
    ID_KEY_ID(11);

    private final int id;

    IkeIdType(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public static IkeIdType byId(int id) {
        for (IkeIdType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }
}

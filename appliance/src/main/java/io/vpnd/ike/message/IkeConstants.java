package io.vpnd.ike.message;

/**
 * IKEv2 protocol constants (RFC 7296 and the IANA "Internet Key Exchange Version 2 (IKEv2)
 * Parameters" registry), named as the RFC or registry names them. Algorithm transform IDs live in
 * {@code io.vpnd.crypto} ({@code EncryptionAlgorithm}, {@code PrfAlgorithm}, ...).
 *
 * <p>Each enum maps to its wire value with {@code id()} and back with {@code byId(int)}, which
 * returns {@code null} for values vpnd does not know: payloads keep unknown values as raw numbers
 * so that they can be skipped, logged or answered as the RFC requires.
 */
public final class IkeConstants {
    private IkeConstants() {}

    /** Major version of IKEv2 in the IKE header (RFC 7296 §3.1). */
    public static final int MAJOR_VERSION = 2;
    /** Minor version vpnd sends (RFC 7296 §3.1: MUST be 0, ignored on receipt). */
    public static final int MINOR_VERSION = 0;
    /** Octets of the fixed IKE header (RFC 7296 §3.1). */
    public static final int HEADER_LENGTH = 28;
    /** Octets of the generic payload header (RFC 7296 §3.2). */
    public static final int GENERIC_PAYLOAD_HEADER_LENGTH = 4;
    /** Octets of the Encrypted Fragment payload header: generic header + Fragment Number + Total Fragments (RFC 7383 §2.5). */
    public static final int SKF_HEADER_LENGTH = 8;
    /** Nonce Data bounds, inclusive (RFC 7296 §3.9). */
    public static final int NONCE_MIN_LENGTH = 16;
    public static final int NONCE_MAX_LENGTH = 256;
    /** Notify types below this value are errors, at or above it status (RFC 7296 §3.10.1). */
    public static final int FIRST_STATUS_NOTIFY_TYPE = 16384;
    /** Integrity transform ID "NONE" (used with combined-mode ciphers, RFC 7296 §3.3.2). */
    public static final int INTEG_NONE = 0;

    /** Exchange Types (RFC 7296 §3.1). */
    public enum ExchangeType {
        IKE_SA_INIT(34),
        IKE_AUTH(35),
        CREATE_CHILD_SA(36),
        INFORMATIONAL(37);

        private final int id;

        ExchangeType(int id) { this.id = id; }

        public int id() { return id; }

        public static ExchangeType byId(int id) {
            for (ExchangeType t : values()) {
                if (t.id == id) return t;
            }
            return null;
        }
    }

    /**
     * Payload Types (RFC 7296 §3.2, RFC 7383 §2.5), named by their notation in the registry. vpnd
     * decodes SA through SKF except GSPM, IDg, GSA and KD, which it handles as unknown payloads.
     */
    public enum PayloadType {
        /** No Next Payload. */
        NO_NEXT_PAYLOAD(0),
        /** Security Association. */
        SA(33),
        /** Key Exchange. */
        KE(34),
        /** Identification - Initiator. */
        IDi(35),
        /** Identification - Responder. */
        IDr(36),
        /** Certificate. */
        CERT(37),
        /** Certificate Request. */
        CERTREQ(38),
        /** Authentication. */
        AUTH(39),
        /** Nonce (Ni, Nr). */
        NONCE(40),
        /** Notify. */
        N(41),
        /** Delete. */
        D(42),
        /** Vendor ID. */
        V(43),
        /** Traffic Selector - Initiator. */
        TSi(44),
        /** Traffic Selector - Responder. */
        TSr(45),
        /** Encrypted and Authenticated. */
        SK(46),
        /** Configuration. */
        CP(47),
        /** Extensible Authentication. */
        EAP(48),
        /** Generic Secure Password Methods (RFC 6467). */
        GSPM(49),
        /** Group Identification (G-IKEv2). */
        IDg(50),
        /** Group Security Association (G-IKEv2). */
        GSA(51),
        /** Key Download (G-IKEv2). */
        KD(52),
        /** Encrypted and Authenticated Fragment (RFC 7383). */
        SKF(53);

        private final int id;

        PayloadType(int id) { this.id = id; }

        public int id() { return id; }

        public static PayloadType byId(int id) {
            for (PayloadType t : values()) {
                if (t.id == id) return t;
            }
            return null;
        }

        /** The registry notation for a payload type number, or the number itself when unknown. */
        public static String nameOf(int id) {
            PayloadType t = byId(id);
            return t == null ? "PAYLOAD_" + id : t.name();
        }
    }

    /**
     * Notify Message Types (RFC 7296 §3.10.1 and extensions): every error type of RFC 7296, the
     * MOBIKE errors, and the status types vpnd sends, reads or logs by name.
     */
    public enum NotifyType {
        // Error types, RFC 7296 §3.10.1
        UNSUPPORTED_CRITICAL_PAYLOAD(1),
        INVALID_IKE_SPI(4),
        INVALID_MAJOR_VERSION(5),
        INVALID_SYNTAX(7),
        INVALID_MESSAGE_ID(9),
        INVALID_SPI(11),
        NO_PROPOSAL_CHOSEN(14),
        INVALID_KE_PAYLOAD(17),
        AUTHENTICATION_FAILED(24),
        SINGLE_PAIR_REQUIRED(34),
        NO_ADDITIONAL_SAS(35),
        INTERNAL_ADDRESS_FAILURE(36),
        FAILED_CP_REQUIRED(37),
        TS_UNACCEPTABLE(38),
        INVALID_SELECTORS(39),
        /** RFC 4555 (MOBIKE). */
        UNACCEPTABLE_ADDRESSES(40),
        /** RFC 4555 (MOBIKE). */
        UNEXPECTED_NAT_DETECTED(41),
        TEMPORARY_FAILURE(43),
        CHILD_SA_NOT_FOUND(44),

        // Status types
        INITIAL_CONTACT(16384),
        SET_WINDOW_SIZE(16385),
        ADDITIONAL_TS_POSSIBLE(16386),
        IPCOMP_SUPPORTED(16387),
        NAT_DETECTION_SOURCE_IP(16388),
        NAT_DETECTION_DESTINATION_IP(16389),
        COOKIE(16390),
        USE_TRANSPORT_MODE(16391),
        HTTP_CERT_LOOKUP_SUPPORTED(16392),
        REKEY_SA(16393),
        ESP_TFC_PADDING_NOT_SUPPORTED(16394),
        NON_FIRST_FRAGMENTS_ALSO(16395),
        /** RFC 4555. */
        MOBIKE_SUPPORTED(16396),
        ADDITIONAL_IP4_ADDRESS(16397),
        ADDITIONAL_IP6_ADDRESS(16398),
        NO_ADDITIONAL_ADDRESSES(16399),
        UPDATE_SA_ADDRESSES(16400),
        COOKIE2(16401),
        NO_NATS_ALLOWED(16402),
        /** RFC 4478. */
        AUTH_LIFETIME(16403),
        /** RFC 4739. */
        MULTIPLE_AUTH_SUPPORTED(16404),
        ANOTHER_AUTH_FOLLOWS(16405),
        /** RFC 5685. */
        REDIRECT_SUPPORTED(16406),
        REDIRECT(16407),
        REDIRECTED_FROM(16408),
        /** RFC 5998. */
        EAP_ONLY_AUTHENTICATION(16417),
        /** RFC 6023. */
        CHILDLESS_IKEV2_SUPPORTED(16418),
        /** RFC 6290. */
        QUICK_CRASH_DETECTION(16419),
        /** RFC 6311. */
        IKEV2_MESSAGE_ID_SYNC_SUPPORTED(16420),
        IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED(16421),
        IKEV2_MESSAGE_ID_SYNC(16422),
        IPSEC_REPLAY_COUNTER_SYNC(16423),
        /** RFC 7383. */
        IKEV2_FRAGMENTATION_SUPPORTED(16430),
        /** RFC 7427. */
        SIGNATURE_HASH_ALGORITHMS(16431);

        private final int id;

        NotifyType(int id) { this.id = id; }

        public int id() { return id; }

        /** True for error types (0..16383). */
        public boolean isError() { return id < FIRST_STATUS_NOTIFY_TYPE; }

        public static NotifyType byId(int id) {
            for (NotifyType t : values()) {
                if (t.id == id) return t;
            }
            return null;
        }

        /** The registry name for a notify type number, or {@code ERROR_n}/{@code STATUS_n} when unknown. */
        public static String nameOf(int id) {
            NotifyType t = byId(id);
            if (t != null) return t.name();
            return (id < FIRST_STATUS_NOTIFY_TYPE ? "ERROR_" : "STATUS_") + id;
        }
    }

    /** Identification payload ID Types (RFC 7296 §3.5, RFC 7619). */
    public enum IdType {
        ID_IPV4_ADDR(1),
        ID_FQDN(2),
        ID_RFC822_ADDR(3),
        ID_IPV6_ADDR(5),
        ID_DER_ASN1_DN(9),
        ID_DER_ASN1_GN(10),
        ID_KEY_ID(11),
        ID_FC_NAME(12),
        ID_NULL(13);

        private final int id;

        IdType(int id) { this.id = id; }

        public int id() { return id; }

        public static IdType byId(int id) {
            for (IdType t : values()) {
                if (t.id == id) return t;
            }
            return null;
        }
    }

    /** Authentication Methods (RFC 7296 §3.8, RFC 4754, RFC 7619, RFC 7427). */
    public enum AuthMethod {
        /** RSASSA-PKCS1-v1_5, hash from the DigestInfo; RFC 7296 says SHA-1 SHOULD be used. */
        RSA_DIGITAL_SIGNATURE(1),
        /** prf(prf(Shared Secret, "Key Pad for IKEv2"), signed octets), RFC 7296 §2.15. */
        SHARED_KEY_MESSAGE_INTEGRITY_CODE(2),
        /** DSS (not supported by vpnd). */
        DSS_DIGITAL_SIGNATURE(3),
        /** ECDSA with SHA-256 on the P-256 curve, signature r || s (RFC 4754). */
        ECDSA_SHA256_P256(9),
        /** ECDSA with SHA-384 on the P-384 curve (RFC 4754). */
        ECDSA_SHA384_P384(10),
        /** ECDSA with SHA-512 on the P-521 curve (RFC 4754). */
        ECDSA_SHA512_P521(11),
        /** Generic Secure Password Authentication Method, RFC 6467 (not supported). */
        GENERIC_SECURE_PASSWORD(12),
        /** NULL Authentication, RFC 7619 (not supported). */
        NULL_AUTHENTICATION(13),
        /** Digital Signature (RFC 7427): the AUTH data names its signature algorithm. */
        DIGITAL_SIGNATURE(14);

        private final int id;

        AuthMethod(int id) { this.id = id; }

        public int id() { return id; }

        /** True for the methods verified with a public key (1, 9, 10, 11, 14). */
        public boolean isSignature() {
            return this == RSA_DIGITAL_SIGNATURE || this == DIGITAL_SIGNATURE
                    || this == ECDSA_SHA256_P256 || this == ECDSA_SHA384_P384 || this == ECDSA_SHA512_P521;
        }

        public static AuthMethod byId(int id) {
            for (AuthMethod m : values()) {
                if (m.id == id) return m;
            }
            return null;
        }
    }

    /** Certificate Encodings of CERT and CERTREQ (RFC 7296 §3.6, RFC 7670). */
    public enum CertEncoding {
        PKCS7_WRAPPED_X509_CERTIFICATE(1),
        PGP_CERTIFICATE(2),
        DNS_SIGNED_KEY(3),
        X509_CERTIFICATE_SIGNATURE(4),
        KERBEROS_TOKEN(6),
        CERTIFICATE_REVOCATION_LIST(7),
        AUTHORITY_REVOCATION_LIST(8),
        SPKI_CERTIFICATE(9),
        X509_CERTIFICATE_ATTRIBUTE(10),
        RAW_RSA_KEY(11),
        HASH_AND_URL_OF_X509_CERTIFICATE(12),
        HASH_AND_URL_OF_X509_BUNDLE(13),
        RAW_PUBLIC_KEY(15);

        private final int id;

        CertEncoding(int id) { this.id = id; }

        public int id() { return id; }

        public static CertEncoding byId(int id) {
            for (CertEncoding e : values()) {
                if (e.id == id) return e;
            }
            return null;
        }
    }

    /** Traffic Selector Types (RFC 7296 §3.13.1). */
    public enum TsType {
        TS_IPV4_ADDR_RANGE(7),
        TS_IPV6_ADDR_RANGE(8);

        private final int id;

        TsType(int id) { this.id = id; }

        public int id() { return id; }

        public static TsType byId(int id) {
            for (TsType t : values()) {
                if (t.id == id) return t;
            }
            return null;
        }
    }

    /** Security Protocol Identifiers (RFC 7296 §3.3.1). */
    public enum ProtocolId {
        IKE(1),
        AH(2),
        ESP(3);

        private final int id;

        ProtocolId(int id) { this.id = id; }

        public int id() { return id; }

        /** SPI size in a proposal that creates an SA of this protocol (IKE: 8 when rekeying, 0 in IKE_SA_INIT). */
        public int spiSize() { return this == IKE ? 8 : 4; }

        public static ProtocolId byId(int id) {
            for (ProtocolId p : values()) {
                if (p.id == id) return p;
            }
            return null;
        }
    }

    /**
     * Transform Types (RFC 7296 §3.3.2). IANA has since renamed type 4 "Key Exchange Method (KE)"
     * and type 5 "Sequence Numbers (SN)"; the names here are RFC 7296's.
     */
    public enum TransformType {
        /** Encryption Algorithm. */
        ENCR(1),
        /** Pseudorandom Function. */
        PRF(2),
        /** Integrity Algorithm. */
        INTEG(3),
        /** Diffie-Hellman Group. */
        DH(4),
        /** Extended Sequence Numbers. */
        ESN(5);

        private final int id;

        TransformType(int id) { this.id = id; }

        public int id() { return id; }

        public static TransformType byId(int id) {
            for (TransformType t : values()) {
                if (t.id == id) return t;
            }
            return null;
        }
    }

    /** Transform IDs of transform type 5 (RFC 7296 §3.3.2). */
    public enum EsnTransformId {
        /** No Extended Sequence Numbers. */
        NO_ESN(0),
        /** Extended Sequence Numbers. */
        ESN(1);

        private final int id;

        EsnTransformId(int id) { this.id = id; }

        public int id() { return id; }

        public static EsnTransformId byId(int id) {
            for (EsnTransformId e : values()) {
                if (e.id == id) return e;
            }
            return null;
        }
    }

    /** Transform Attribute Types (RFC 7296 §3.3.5). */
    public enum TransformAttributeType {
        /** Key Length in bits, always in TV format. */
        KEY_LENGTH(14);

        private final int id;

        TransformAttributeType(int id) { this.id = id; }

        public int id() { return id; }

        public static TransformAttributeType byId(int id) {
            for (TransformAttributeType t : values()) {
                if (t.id == id) return t;
            }
            return null;
        }
    }

    /** Configuration payload CFG Types (RFC 7296 §3.15). */
    public enum ConfigType {
        CFG_REQUEST(1),
        CFG_REPLY(2),
        CFG_SET(3),
        CFG_ACK(4);

        private final int id;

        ConfigType(int id) { this.id = id; }

        public int id() { return id; }

        public static ConfigType byId(int id) {
            for (ConfigType t : values()) {
                if (t.id == id) return t;
            }
            return null;
        }
    }

    /** Configuration Attribute Types (RFC 7296 §3.15.1, RFC 8598). */
    public enum ConfigAttributeType {
        INTERNAL_IP4_ADDRESS(1),
        INTERNAL_IP4_NETMASK(2),
        INTERNAL_IP4_DNS(3),
        INTERNAL_IP4_NBNS(4),
        INTERNAL_IP4_DHCP(6),
        APPLICATION_VERSION(7),
        INTERNAL_IP6_ADDRESS(8),
        INTERNAL_IP6_DNS(10),
        INTERNAL_IP6_DHCP(12),
        INTERNAL_IP4_SUBNET(13),
        SUPPORTED_ATTRIBUTES(14),
        INTERNAL_IP6_SUBNET(15),
        /** RFC 8598. */
        INTERNAL_DNS_DOMAIN(25);

        private final int id;

        ConfigAttributeType(int id) { this.id = id; }

        public int id() { return id; }

        public static ConfigAttributeType byId(int id) {
            for (ConfigAttributeType t : values()) {
                if (t.id == id) return t;
            }
            return null;
        }
    }
}

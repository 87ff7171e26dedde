package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.CertEncoding;
import io.vpnd.ike.message.IkeConstants.PayloadType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Certificate Request payload, CERTREQ (RFC 7296 §3.7). For X.509 signatures the Certification
 * Authority field is a concatenation of 20-octet SHA-1 hashes of trusted CAs' public keys.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Cert Encoding |                                               |
 * +-+-+-+-+-+-+-+-+                                               |
 * ~                    Certification Authority                    ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class CertReqPayload extends IkePayload {
    /** Octets of one CA key hash (SHA-1) for X.509 encodings. */
    public static final int CA_HASH_LENGTH = 20;

    private final int encoding;
    private final byte[] certificationAuthority;

    public CertReqPayload(int encoding, byte[] certificationAuthority) {
        if (encoding < 0 || encoding > 0xff) throw new IllegalArgumentException("cert encoding " + encoding);
        this.encoding = encoding;
        this.certificationAuthority = certificationAuthority.clone();
    }

    /** An X.509 signature CERTREQ naming the given CA key hashes (each 20 octets). */
    public static CertReqPayload x509(List<byte[]> caKeyHashes) {
        ByteWriter w = new ByteWriter(caKeyHashes.size() * CA_HASH_LENGTH);
        for (byte[] h : caKeyHashes) {
            if (h.length != CA_HASH_LENGTH) throw new IllegalArgumentException("CA hash of " + h.length + " octets");
            w.bytes(h);
        }
        return new CertReqPayload(CertEncoding.X509_CERTIFICATE_SIGNATURE.id(), w.toByteArray());
    }

    /** An empty Certification Authority field is allowed: "any CA" (RFC 7296 §3.7). */
    public static CertReqPayload decodeBody(byte[] body) throws InvalidSyntaxException {
        ByteReader r = new ByteReader(body);
        int encoding = r.u8("cert encoding");
        return new CertReqPayload(encoding, r.rest());
    }

    public int encodingId() { return encoding; }

    public CertEncoding encoding() { return CertEncoding.byId(encoding); }

    public byte[] certificationAuthority() { return certificationAuthority.clone(); }

    /**
     * The CA key hashes of an X.509 CERTREQ; empty when the encoding is another one or the field
     * is not a whole number of hashes (such a CERTREQ is then ignored, not rejected).
     */
    public List<byte[]> caKeyHashes() {
        List<byte[]> out = new ArrayList<>();
        if (encoding != CertEncoding.X509_CERTIFICATE_SIGNATURE.id() || certificationAuthority.length % CA_HASH_LENGTH != 0) {
            return out;
        }
        for (int i = 0; i < certificationAuthority.length; i += CA_HASH_LENGTH) {
            out.add(Arrays.copyOfRange(certificationAuthority, i, i + CA_HASH_LENGTH));
        }
        return out;
    }

    @Override
    public int typeId() { return PayloadType.CERTREQ.id(); }

    @Override
    public byte[] encodeBody() {
        return new ByteWriter(1 + certificationAuthority.length).u8(encoding).bytes(certificationAuthority).toByteArray();
    }

    @Override
    public String toString() {
        CertEncoding e = encoding();
        return "CERTREQ(" + (e == null ? "encoding " + encoding : e) + ", " + certificationAuthority.length + " octets)";
    }
}

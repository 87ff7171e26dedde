package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.CertEncoding;
import io.vpnd.ike.message.IkeConstants.PayloadType;

/**
 * Certificate payload, CERT (RFC 7296 §3.6): one certificate or CRL in the given encoding, for
 * X.509 signatures (encoding 4) a DER certificate.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Cert Encoding |                                               |
 * +-+-+-+-+-+-+-+-+                                               |
 * ~                       Certificate Data                        ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class CertPayload extends IkePayload {
    private final int encoding;
    private final byte[] certificateData;

    public CertPayload(int encoding, byte[] certificateData) {
        if (encoding < 0 || encoding > 0xff) throw new IllegalArgumentException("cert encoding " + encoding);
        this.encoding = encoding;
        this.certificateData = certificateData.clone();
    }

    public CertPayload(CertEncoding encoding, byte[] certificateData) {
        this(encoding.id(), certificateData);
    }

    public static CertPayload decodeBody(byte[] body) throws InvalidSyntaxException {
        ByteReader r = new ByteReader(body);
        int encoding = r.u8("cert encoding");
        if (!r.hasRemaining()) throw new InvalidSyntaxException("CERT payload without certificate data");
        return new CertPayload(encoding, r.rest());
    }

    /** The Cert Encoding as received. */
    public int encodingId() { return encoding; }

    /** The encoding, or null when unknown. */
    public CertEncoding encoding() { return CertEncoding.byId(encoding); }

    public byte[] certificateData() { return certificateData.clone(); }

    @Override
    public int typeId() { return PayloadType.CERT.id(); }

    @Override
    public byte[] encodeBody() {
        return new ByteWriter(1 + certificateData.length).u8(encoding).bytes(certificateData).toByteArray();
    }

    @Override
    public String toString() {
        CertEncoding e = encoding();
        return "CERT(" + (e == null ? "encoding " + encoding : e) + ", " + certificateData.length + " octets)";
    }
}

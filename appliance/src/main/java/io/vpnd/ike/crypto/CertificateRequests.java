package io.vpnd.ike.crypto;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * CERTREQ Certification Authority values for X.509 (RFC 7296 §3.7): concatenated SHA-1 hashes of
 * the trusted CAs' SubjectPublicKeyInfo (the whole DER structure, algorithm included).
 */
public final class CertificateRequests {
    /** Octets of one CA hash. */
    public static final int HASH_LENGTH = 20;

    private CertificateRequests() {
    }

    /** SHA-1 of the CA certificate's DER SubjectPublicKeyInfo. */
    public static byte[] caHash(X509Certificate ca) {
        try {
            byte[] spki = new JcaX509CertificateHolder(ca).getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER);
            return MessageDigest.getInstance("SHA-1").digest(spki);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot hash the public key of " + ca.getSubjectX500Principal(), e);
        }
    }

    /** The Certification Authority field of a CERTREQ payload naming {@code cas}. */
    public static byte[] encode(Collection<X509Certificate> cas) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(cas.size() * HASH_LENGTH);
        for (X509Certificate ca : cas) {
            out.writeBytes(caHash(ca));
        }
        return out.toByteArray();
    }

    /**
     * Splits a received Certification Authority field into its hashes.
     *
     * @throws IllegalArgumentException when the length is not a multiple of 20
     */
    public static List<byte[]> decode(byte[] certificationAuthority) {
        if (certificationAuthority.length % HASH_LENGTH != 0) {
            throw new IllegalArgumentException("CERTREQ data of " + certificationAuthority.length
                    + " octets is not a list of SHA-1 hashes");
        }
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < certificationAuthority.length; i += HASH_LENGTH) {
            out.add(Bytes.copyOfRange(certificationAuthority, i, HASH_LENGTH));
        }
        return out;
    }

    /** True if one of {@code requested} names {@code ca}. */
    public static boolean requests(List<byte[]> requested, X509Certificate ca) {
        byte[] h = caHash(ca);
        for (byte[] r : requested) {
            if (MessageDigest.isEqual(r, h)) {
                return true;
            }
        }
        return false;
    }
}

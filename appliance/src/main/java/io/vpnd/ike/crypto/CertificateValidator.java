package io.vpnd.ike.crypto;

import io.vpnd.ike.crypto.CertificateValidationException.Reason;
import io.vpnd.ike.message.IkeConstants.IdType;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Validates a peer's certificates against the configured CAs (RFC 5280 path validation through
 * the JDK's PKIX validator: signatures, validity at {@code clock}'s time, basicConstraints, CA
 * keyUsage, path length; revocation is not checked) and matches the peer's IKE identity against
 * its end-entity certificate (RFC 7296 §3.5, RFC 4945 §3.1).
 */
public final class CertificateValidator {
    private static final int MAX_PATH = 8;
    private static final int KU_DIGITAL_SIGNATURE = 0;
    private static final int KU_NON_REPUDIATION = 1;

    private final List<X509Certificate> anchors;
    private final Clock clock;

    /**
     * @param trustAnchors the configured CA certificates (or pinned self-signed peer certificates)
     * @param clock        the validator's notion of now (tests inject a fixed clock)
     */
    public CertificateValidator(Collection<X509Certificate> trustAnchors, Clock clock) {
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("no trusted CA certificates configured");
        }
        this.anchors = List.copyOf(trustAnchors);
        this.clock = clock;
    }

    public List<X509Certificate> trustAnchors() {
        return anchors;
    }

    /**
     * Builds and validates a path from the peer's end-entity certificate to a configured CA.
     *
     * @param peerCertificates the peer's CERT payloads: end entity first, then intermediates in any order
     * @return the validated end-entity certificate, whose public key verifies the AUTH payload
     */
    public X509Certificate validate(List<X509Certificate> peerCertificates) throws CertificateValidationException {
        if (peerCertificates.isEmpty()) {
            throw new CertificateValidationException(Reason.MALFORMED, "peer sent no certificate");
        }
        X509Certificate endEntity = peerCertificates.get(0);
        Instant now = clock.instant();
        List<X509Certificate> path = new ArrayList<>();
        X509Certificate anchor = buildPath(endEntity, peerCertificates, path);
        checkValidity(anchor, now, "CA certificate");
        if (!path.isEmpty()) {
            runPkix(path, anchor, now);
        } else {
            checkValidity(endEntity, now, "certificate");
        }
        checkEndEntityKeyUsage(endEntity);
        return endEntity;
    }

    /** Collects the path from {@code endEntity} (included) up to, not including, the returned anchor. */
    private X509Certificate buildPath(X509Certificate endEntity, List<X509Certificate> supplied,
                                      List<X509Certificate> path) throws CertificateValidationException {
        // A configured certificate sent by the peer as is (pinned self-signed peer) is its own anchor.
        for (X509Certificate a : anchors) {
            if (a.equals(endEntity)) {
                return a;
            }
        }
        X509Certificate current = endEntity;
        path.add(current);
        for (int depth = 0; depth < MAX_PATH; depth++) {
            X500Name issuer = name(current.getIssuerX500Principal().getEncoded());
            boolean anchorNameMatched = false;
            for (X509Certificate a : anchors) {
                if (name(a.getSubjectX500Principal().getEncoded()).equals(issuer)) {
                    anchorNameMatched = true;
                    if (signedBy(current, a)) {
                        return a;
                    }
                }
            }
            X509Certificate next = null;
            for (X509Certificate c : supplied) {
                if (!path.contains(c) && name(c.getSubjectX500Principal().getEncoded()).equals(issuer)
                        && signedBy(current, c)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                if (anchorNameMatched) {
                    throw new CertificateValidationException(Reason.BAD_SIGNATURE, "certificate '" + subject(current)
                            + "' names configured CA '" + issuer + "' as issuer but its signature does not verify"
                            + " with that CA's key");
                }
                throw new CertificateValidationException(Reason.UNKNOWN_CA, "certificate '" + subject(current)
                        + "' was issued by '" + issuer + "', which is not a configured CA"
                        + (current == endEntity ? "" : " (reached through the peer's intermediate certificates)"));
            }
            path.add(next);
            current = next;
        }
        throw new CertificateValidationException(Reason.PATH_TOO_LONG,
                "no configured CA within " + MAX_PATH + " certificates above '" + subject(endEntity) + "'");
    }

    private void runPkix(List<X509Certificate> path, X509Certificate anchor, Instant now)
            throws CertificateValidationException {
        CertPath certPath;
        try {
            certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
        } catch (CertPathValidatorException e) {
            int index = e.getIndex();
            X509Certificate culprit = index >= 0 && index < path.size() ? path.get(index) : path.get(0);
            throw mapPkixFailure(e, culprit, now);
        } catch (GeneralSecurityException e) {
            throw new CertificateValidationException(Reason.OTHER, "certificate path validation failed: " + e.getMessage(), e);
        }
    }

    private static CertificateValidationException mapPkixFailure(CertPathValidatorException e, X509Certificate c,
                                                                  Instant now) {
        String who = "certificate '" + subject(c) + "'";
        CertPathValidatorException.Reason r = e.getReason();
        if (r == BasicReason.EXPIRED) {
            return new CertificateValidationException(Reason.EXPIRED, who + " expired on "
                    + c.getNotAfter().toInstant() + " (now " + now + ")", e);
        }
        if (r == BasicReason.NOT_YET_VALID) {
            return new CertificateValidationException(Reason.NOT_YET_VALID, who + " is not valid before "
                    + c.getNotBefore().toInstant() + " (now " + now + ")", e);
        }
        if (r == BasicReason.INVALID_SIGNATURE) {
            return new CertificateValidationException(Reason.BAD_SIGNATURE, who + " has an invalid signature", e);
        }
        if (r == PKIXReason.NOT_CA_CERT) {
            return new CertificateValidationException(Reason.NOT_A_CA, who + " issues certificates but is not a CA"
                    + " (basicConstraints cA is not set)", e);
        }
        if (r == PKIXReason.PATH_TOO_LONG) {
            return new CertificateValidationException(Reason.PATH_TOO_LONG, who
                    + " violates a pathLenConstraint of a CA above it", e);
        }
        if (r == PKIXReason.INVALID_KEY_USAGE) {
            return new CertificateValidationException(Reason.KEY_USAGE, who + " has a keyUsage that does not allow"
                    + " signing certificates", e);
        }
        if (r == PKIXReason.UNRECOGNIZED_CRIT_EXT) {
            return new CertificateValidationException(Reason.UNSUPPORTED_CRITICAL_EXTENSION, who
                    + " has an unsupported critical extension", e);
        }
        if (r == PKIXReason.NO_TRUST_ANCHOR) {
            return new CertificateValidationException(Reason.UNKNOWN_CA, who + " does not chain to a configured CA", e);
        }
        return new CertificateValidationException(Reason.OTHER, who + " rejected: " + e.getMessage(), e);
    }

    private static void checkValidity(X509Certificate c, Instant now, String what)
            throws CertificateValidationException {
        try {
            c.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new CertificateValidationException(Reason.EXPIRED, what + " '" + subject(c) + "' expired on "
                    + c.getNotAfter().toInstant() + " (now " + now + ")", e);
        } catch (CertificateNotYetValidException e) {
            throw new CertificateValidationException(Reason.NOT_YET_VALID, what + " '" + subject(c)
                    + "' is not valid before " + c.getNotBefore().toInstant() + " (now " + now + ")", e);
        }
    }

    private static void checkEndEntityKeyUsage(X509Certificate c) throws CertificateValidationException {
        boolean[] ku = c.getKeyUsage();
        if (ku != null && !(bit(ku, KU_DIGITAL_SIGNATURE) || bit(ku, KU_NON_REPUDIATION))) {
            throw new CertificateValidationException(Reason.KEY_USAGE, "certificate '" + subject(c)
                    + "' has a keyUsage without digitalSignature, so it cannot authenticate IKE");
        }
    }

    private static boolean bit(boolean[] bits, int i) {
        return i < bits.length && bits[i];
    }

    private static boolean signedBy(X509Certificate c, X509Certificate issuer) {
        try {
            c.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Checks that the peer's IKE identity is one its end-entity certificate vouches for:
     * ID_FQDN against subjectAltName dNSName (case-insensitive), ID_IPV4_ADDR / ID_IPV6_ADDR
     * against iPAddress, ID_RFC822_ADDR against rfc822Name (case-insensitive), ID_DER_ASN1_DN
     * against the subject DN (DER-equal, or equal RDN by RDN after string normalization).
     *
     * @param idData the Identification Data of the ID payload (after type and RESERVED)
     */
    public static void checkIdentity(X509Certificate endEntity, IdType type, byte[] idData)
            throws CertificateValidationException {
        boolean ok = switch (type) {
            case ID_FQDN -> sanMatches(endEntity, GeneralName.dNSName, idData);
            case ID_RFC822_ADDR -> sanMatches(endEntity, GeneralName.rfc822Name, idData);
            case ID_IPV4_ADDR, ID_IPV6_ADDR -> {
                if (idData.length != (type == IdType.ID_IPV4_ADDR ? 4 : 16)) {
                    throw new CertificateValidationException(Reason.MALFORMED, type + " of " + idData.length + " octets");
                }
                yield sanMatches(endEntity, GeneralName.iPAddress, idData);
            }
            case ID_DER_ASN1_DN -> dnMatches(endEntity, idData);
            default -> throw new CertificateValidationException(Reason.ID_MISMATCH,
                    "identities of type " + type + " cannot be checked against a certificate");
        };
        if (!ok) {
            throw new CertificateValidationException(Reason.ID_MISMATCH, "peer identity " + type + " '"
                    + printable(type, idData) + "' is not in certificate '" + subject(endEntity) + "'"
                    + (type == IdType.ID_DER_ASN1_DN ? "" : " (subjectAltName " + sanSummary(endEntity) + ")"));
        }
    }

    private static boolean sanMatches(X509Certificate c, int tag, byte[] idData) throws CertificateValidationException {
        for (GeneralName n : subjectAltNames(c)) {
            if (n.getTagNo() != tag) {
                continue;
            }
            if (tag == GeneralName.iPAddress) {
                if (Arrays.equals(DEROctetString.getInstance(n.getName()).getOctets(), idData)) {
                    return true;
                }
            } else {
                String want = new String(idData, StandardCharsets.US_ASCII);
                if (n.getName().toString().equalsIgnoreCase(want)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean dnMatches(X509Certificate c, byte[] idData) throws CertificateValidationException {
        byte[] subjectDer = c.getSubjectX500Principal().getEncoded();
        if (Arrays.equals(subjectDer, idData)) {
            return true;
        }
        X500Name id;
        try {
            id = X500Name.getInstance(ASN1Primitive.fromByteArray(idData));
        } catch (IOException | IllegalArgumentException e) {
            throw new CertificateValidationException(Reason.MALFORMED, "ID_DER_ASN1_DN is not a DER-encoded name");
        }
        return name(subjectDer).equals(id);
    }

    private static List<GeneralName> subjectAltNames(X509Certificate c) throws CertificateValidationException {
        try {
            GeneralNames names = GeneralNames.fromExtensions(new JcaX509CertificateHolder(c).getExtensions(),
                    Extension.subjectAlternativeName);
            return names == null ? List.of() : List.of(names.getNames());
        } catch (CertificateEncodingException | IllegalArgumentException e) {
            throw new CertificateValidationException(Reason.MALFORMED, "certificate '" + subject(c)
                    + "' has a malformed subjectAltName", e);
        }
    }

    private static String sanSummary(X509Certificate c) {
        try {
            List<String> parts = new ArrayList<>();
            for (GeneralName n : subjectAltNames(c)) {
                parts.add(n.toString());
            }
            return parts.isEmpty() ? "absent" : String.join(", ", parts);
        } catch (CertificateValidationException e) {
            return "malformed";
        }
    }

    private static String printable(IdType type, byte[] data) {
        return switch (type) {
            case ID_FQDN, ID_RFC822_ADDR -> new String(data, StandardCharsets.US_ASCII);
            case ID_IPV4_ADDR, ID_IPV6_ADDR -> {
                try {
                    yield java.net.InetAddress.getByAddress(data).getHostAddress();
                } catch (java.net.UnknownHostException e) {
                    yield "?";
                }
            }
            case ID_DER_ASN1_DN -> {
                try {
                    yield X500Name.getInstance(ASN1Primitive.fromByteArray(data)).toString();
                } catch (IOException | IllegalArgumentException e) {
                    yield "(malformed DN)";
                }
            }
            default -> data.length + " octets";
        };
    }

    private static X500Name name(byte[] der) {
        return X500Name.getInstance(der);
    }

    static String subject(X509Certificate c) {
        return name(c.getSubjectX500Principal().getEncoded()).toString();
    }

    @Override
    public String toString() {
        return "CertificateValidator[" + anchors.size() + " CA(s)]";
    }
}

package io.vpnd.ike.task;

import io.vpnd.config.CertAuth;
import io.vpnd.config.PskAuth;
import io.vpnd.config.TunnelConfig;
import io.vpnd.ike.IkeSa;
import io.vpnd.ike.ProposalSelector;
import io.vpnd.ike.TunnelCredentials;
import io.vpnd.ike.crypto.CertificateRequests;
import io.vpnd.ike.crypto.CertificateValidationException;
import io.vpnd.ike.crypto.CertificateValidator;
import io.vpnd.ike.crypto.IkeRole;
import io.vpnd.ike.crypto.SharedKeyAuth;
import io.vpnd.ike.crypto.SignatureAuth;
import io.vpnd.ike.crypto.SignatureHashAlgorithm;
import io.vpnd.ike.crypto.SignatureScheme;
import io.vpnd.ike.message.AuthPayload;
import io.vpnd.ike.message.AuthenticationFailedException;
import io.vpnd.ike.message.CertPayload;
import io.vpnd.ike.message.CertReqPayload;
import io.vpnd.ike.message.IdPayload;
import io.vpnd.ike.message.IkeConstants.AuthMethod;
import io.vpnd.ike.message.IkeConstants.CertEncoding;
import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeConstants.NotifyType;
import io.vpnd.ike.message.IkeMessage;
import io.vpnd.ike.message.NotifyPayload;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * IKE_AUTH authentication (RFC 7296 §2.15): identities, certificates and the AUTH payload, with a
 * pre-shared key or an X.509 certificate (RFC 7427 signatures when the peer announced
 * SIGNATURE_HASH_ALGORITHMS, else the classic RSA/ECDSA methods). The responder picks the tunnel
 * whose identities and authentication fit the initiator's IDi/IDr among the candidates that
 * matched its address and IKE proposal.
 */
public final class IkeAuthTask implements IkeTask {
    private static final System.Logger LOG = System.getLogger(IkeAuthTask.class.getName());
    private static final EnumSet<SignatureHashAlgorithm> ACCEPTED_HASHES = EnumSet.of(
            SignatureHashAlgorithm.SHA2_256, SignatureHashAlgorithm.SHA2_384, SignatureHashAlgorithm.SHA2_512);

    private final IkeSa sa;
    private final boolean initialContact;
    private String failure;
    private boolean refuse;

    /** @param initialContact send INITIAL_CONTACT (a fresh start, not a reauthentication) */
    public IkeAuthTask(IkeSa sa, boolean initialContact) {
        this.sa = sa;
        this.initialContact = initialContact;
    }

    @Override
    public String name() {
        return "IKE_AUTH";
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.IKE_AUTH;
    }

    @Override
    public String failureReason() {
        return failure;
    }

    @Override
    public Status build(OutgoingMessage out) {
        if (!sa.isInitiator() && refuse) {
            out.replaceWithError(NotifyPayload.of(NotifyType.AUTHENTICATION_FAILED));
            return Status.FAILED;
        }
        TunnelConfig c = sa.config();
        TunnelCredentials cred;
        try {
            cred = sa.context().credentials(c);
        } catch (TunnelCredentials.CredentialLoadException e) {
            failure = "AUTH_CONFIG";
            LOG.log(System.Logger.Level.ERROR, "tunnel " + c.name() + ": cannot load credentials: " + e.getMessage());
            if (!sa.isInitiator()) out.replaceWithError(NotifyPayload.of(NotifyType.AUTHENTICATION_FAILED));
            return Status.FAILED;
        }
        boolean initiator = sa.isInitiator();
        IdPayload id = Identities.payload(initiator, c.local().id());
        out.add(id);
        if (!cred.isPsk()) {
            for (X509Certificate x : cred.chain()) {
                try {
                    out.add(new CertPayload(CertEncoding.X509_CERTIFICATE_SIGNATURE, x.getEncoded()));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (initiator && cred.validator() != null) {
                out.add(new CertReqPayload(CertEncoding.X509_CERTIFICATE_SIGNATURE.id(),
                        CertificateRequests.encode(cred.validator().trustAnchors())));
            }
        }
        if (initiator && initialContact) out.add(NotifyPayload.of(NotifyType.INITIAL_CONTACT));
        if (initiator && c.remote().id().isPresent()) out.add(Identities.payload(false, c.remote().id().get()));
        byte[] octets = initiator
                ? sa.keys().signedOctets(IkeRole.INITIATOR, sa.initRequest(), sa.nonceR(), id.encodeBody())
                : sa.keys().signedOctets(IkeRole.RESPONDER, sa.initResponse(), sa.nonceI(), id.encodeBody());
        out.add(sign(cred, octets));
        if (initiator) return Status.NEED_MORE;
        sa.context().established(sa);
        return Status.SUCCESS;
    }

    private AuthPayload sign(TunnelCredentials cred, byte[] octets) {
        if (cred.isPsk()) {
            byte[] psk = cred.psk();
            try {
                return new AuthPayload(AuthMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE, SharedKeyAuth.authData(sa.keys().prf(), psk, octets));
            } finally {
                java.util.Arrays.fill(psk, (byte) 0);
            }
        }
        if (!sa.peerHashes().isEmpty()) {
            SignatureScheme scheme = SignatureScheme.select(cred.privateKey(), sa.peerHashes(), false);
            return new AuthPayload(AuthMethod.DIGITAL_SIGNATURE, SignatureAuth.signDigitalSignature(scheme, cred.privateKey(), octets));
        }
        AuthMethod classic = SignatureAuth.classicMethodFor(cred.privateKey());
        return new AuthPayload(classic, SignatureAuth.signClassic(classic, cred.privateKey(), octets));
    }

    @Override
    public Status process(IkeMessage m) {
        return sa.isInitiator() ? processResponse(m) : processRequest(m);
    }

    private Status processResponse(IkeMessage m) {
        Optional<IdPayload> idr = m.idResponder();
        Optional<AuthPayload> auth = m.payload(AuthPayload.class);
        if (idr.isEmpty() || auth.isEmpty()) {
            Optional<NotifyPayload> err = m.firstErrorNotify();
            String what = err.map(n -> n.notifyType() == null ? "notify " + n.notifyTypeId() : n.notifyType().name()).orElse("no IDr/AUTH");
            failure = err.isPresent() && err.get().is(NotifyType.AUTHENTICATION_FAILED) ? "AUTH_FAILED" : what;
            LOG.log(System.Logger.Level.WARNING, "tunnel " + sa.tunnelName() + ": the peer at " + sa.remote()
                    + " rejected our authentication (" + what + "): check the pre-shared key or certificate and the"
                    + " identities (local.id / remote.id) on both sides");
            return Status.FAILED;
        }
        TunnelConfig c = sa.config();
        if (c.remote().id().isPresent() && !Identities.matches(c.remote().id().get(), idr.get())) {
            return authFailed("the peer identified itself as '" + idr.get().displayValue() + "', expected '"
                    + c.remote().id().get().value() + "' (remote.id)");
        }
        byte[] octets = sa.keys().signedOctets(IkeRole.RESPONDER, sa.initResponse(), sa.nonceI(), idr.get().encodeBody());
        String problem = verify(c, m, idr.get(), auth.get(), octets);
        if (problem != null) return authFailed(problem);
        sa.setPeerId(idr.get().displayValue());
        sa.context().established(sa);
        return Status.SUCCESS;
    }

    private Status processRequest(IkeMessage m) {
        Optional<IdPayload> idi = m.idInitiator();
        Optional<AuthPayload> auth = m.payload(AuthPayload.class);
        if (idi.isEmpty()) return refuse("IKE_AUTH without IDi");
        if (auth.isEmpty()) return refuse("the peer wants EAP authentication, which vpnd does not offer");
        Optional<IdPayload> idr = m.idResponder();
        boolean psk = auth.get().method() == AuthMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE;
        List<TunnelConfig> fits = new ArrayList<>();
        for (TunnelConfig c : sa.candidates()) {
            if (c.auth().isEmpty()) continue;
            if (psk != (c.auth().get() instanceof PskAuth)) continue;
            if (!psk && !(c.auth().get() instanceof CertAuth)) continue;
            if (c.remote().id().isPresent() && !Identities.matches(c.remote().id().get(), idi.get())) continue;
            if (idr.isPresent() && !Identities.matches(c.local().id(), idr.get())) continue;
            if (c.ike().proposals().stream().noneMatch(p -> ProposalSelector.match(p, sa.proposal(), false) != null)) continue;
            fits.add(c);
        }
        if (fits.isEmpty()) {
            return refuse("no tunnel accepts peer identity '" + idi.get().displayValue() + "'"
                    + idr.map(r -> " asking for '" + r.displayValue() + "'").orElse("") + " with "
                    + (psk ? "a pre-shared key" : "a certificate") + " (check remote.id, local.id and auth)");
        }
        byte[] octets = sa.keys().signedOctets(IkeRole.INITIATOR, sa.initRequest(), sa.nonceR(), idi.get().encodeBody());
        String lastProblem = null;
        for (TunnelConfig c : fits) {
            String problem = verify(c, m, idi.get(), auth.get(), octets);
            if (problem == null) {
                sa.setConfig(c);
                sa.setPeerId(idi.get().displayValue());
                if (m.hasNotify(NotifyType.INITIAL_CONTACT)) sa.context().initialContact(sa);
                return Status.NEED_MORE;
            }
            lastProblem = "tunnel " + c.name() + ": " + problem;
        }
        return refuse(lastProblem);
    }

    /** Null when {@code auth} proves {@code id} under tunnel {@code c}'s credentials, else the problem. */
    private String verify(TunnelConfig c, IkeMessage m, IdPayload id, AuthPayload auth, byte[] octets) {
        TunnelCredentials cred;
        try {
            cred = sa.context().credentials(c);
        } catch (TunnelCredentials.CredentialLoadException e) {
            return "cannot load credentials: " + e.getMessage();
        }
        try {
            if (cred.isPsk()) {
                if (auth.method() != AuthMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE) {
                    return "the peer authenticates with " + auth.method() + " but the tunnel uses a pre-shared key";
                }
                byte[] secret = cred.psk();
                try {
                    SharedKeyAuth.verify(sa.keys().prf(), secret, octets, auth.authData());
                } finally {
                    java.util.Arrays.fill(secret, (byte) 0);
                }
                return null;
            }
            if (auth.method() == null || !auth.method().isSignature()) {
                return "the peer authenticates with " + auth.method() + " but the tunnel uses certificates";
            }
            CertificateValidator validator = cred.validator();
            if (validator == null) return "no CA configured (auth.ca) to verify the peer's certificate";
            List<X509Certificate> certs = new ArrayList<>();
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (CertPayload p : m.payloads(CertPayload.class)) {
                if (p.encoding() != CertEncoding.X509_CERTIFICATE_SIGNATURE) continue;
                certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(p.certificateData())));
            }
            if (certs.isEmpty()) return "the peer sent no certificate";
            X509Certificate ee = validator.validate(certs);
            CertificateValidator.checkIdentity(ee, id.idType(), id.data());
            SignatureAuth.verify(auth.method(), ee.getPublicKey(), auth.authData(), octets, ACCEPTED_HASHES);
            return null;
        } catch (AuthenticationFailedException e) {
            return cred.isPsk() ? "the AUTH payload does not verify: the pre-shared keys differ" : e.getMessage();
        } catch (CertificateValidationException e) {
            return "certificate rejected: " + e.getMessage();
        } catch (GeneralSecurityException | RuntimeException e) {
            return "cannot verify the peer's authentication: " + e.getMessage();
        }
    }

    private Status authFailed(String why) {
        failure = "AUTH_FAILED";
        LOG.log(System.Logger.Level.WARNING, "tunnel " + sa.tunnelName() + ": authentication of the peer at "
                + sa.remote() + " failed: " + why);
        return Status.FAILED;
    }

    private Status refuse(String why) {
        refuse = true;
        failure = "AUTH_FAILED";
        LOG.log(System.Logger.Level.WARNING, "IKE_AUTH from " + sa.remote() + " refused: " + why
                + "; answering AUTHENTICATION_FAILED");
        return Status.FAILED;
    }
}

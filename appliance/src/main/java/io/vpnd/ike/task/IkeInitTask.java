package io.vpnd.ike.task;

import io.vpnd.config.TunnelConfig;
import io.vpnd.crypto.KeyExchangeGroup;
import io.vpnd.crypto.Proposal;
import io.vpnd.crypto.ProposalParser;
import io.vpnd.ike.IkeSa;
import io.vpnd.ike.ProposalSelector;
import io.vpnd.ike.TunnelCredentials;
import io.vpnd.ike.crypto.CertificateRequests;
import io.vpnd.ike.crypto.IkeKeyMaterial;
import io.vpnd.ike.crypto.IkeRandom;
import io.vpnd.ike.crypto.IkeSaTransforms;
import io.vpnd.ike.crypto.InvalidKeyExchangeException;
import io.vpnd.ike.crypto.KeyExchange;
import io.vpnd.ike.crypto.KeyExchanges;
import io.vpnd.ike.crypto.NatDetection;
import io.vpnd.ike.crypto.SignatureHashAlgorithm;
import io.vpnd.ike.message.CertReqPayload;
import io.vpnd.ike.message.IkeConstants.CertEncoding;
import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeConstants.NotifyType;
import io.vpnd.ike.message.IkeConstants.ProtocolId;
import io.vpnd.ike.message.IkeMessage;
import io.vpnd.ike.message.KePayload;
import io.vpnd.ike.message.NoncePayload;
import io.vpnd.ike.message.NotifyPayload;
import io.vpnd.ike.message.ProposalSubstructure;
import io.vpnd.ike.message.SaPayload;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * IKE_SA_INIT (RFC 7296 §1.2): proposal, Diffie-Hellman, nonces, NAT detection (§2.23),
 * fragmentation and signature-hash support. The initiator retries with the group a peer asks for
 * in INVALID_KE_PAYLOAD (§1.3) and with a COOKIE when the responder demands one (§2.6).
 *
 * <p>vpnd's data plane only speaks UDP-encapsulated ESP, so like strongSwan's {@code encap = yes}
 * it always sends a made-up NAT_DETECTION_SOURCE_IP: the peer then believes there is a NAT and
 * encapsulates too, and both sides move to port 4500 for IKE_AUTH.
 */
public final class IkeInitTask implements IkeTask {
    private static final System.Logger LOG = System.getLogger(IkeInitTask.class.getName());
    /** Nonce length: 32 octets, at least half the largest PRF key size (§2.10). */
    static final int NONCE_LENGTH = 32;
    /** How many INVALID_KE_PAYLOAD / COOKIE rounds before the initiator gives up. */
    private static final int MAX_RETRIES = 3;

    private final IkeSa sa;
    private KeyExchangeGroup group;
    private KeyExchange keyExchange;
    private byte[] nonce;
    private byte[] cookie;
    private int retries;
    private String failure;
    // responder
    private ProposalSelector.Selected selected;
    private NotifyPayload error;

    public IkeInitTask(IkeSa sa) {
        this.sa = sa;
    }

    @Override
    public String name() {
        return "IKE_INIT";
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.IKE_SA_INIT;
    }

    @Override
    public String failureReason() {
        return failure;
    }

    @Override
    public Status build(OutgoingMessage out) {
        return sa.isInitiator() ? buildRequest(out) : buildResponse(out);
    }

    @Override
    public Status process(IkeMessage message) {
        return sa.isInitiator() ? processResponse(message) : processRequest(message);
    }

    // ---- initiator ----

    private Status buildRequest(OutgoingMessage out) {
        TunnelConfig c = sa.config();
        List<Proposal> proposals = c.ike().proposals();
        if (group == null) group = proposals.get(0).groups().get(0);
        if (keyExchange == null || keyExchange.group() != group) {
            if (keyExchange != null) keyExchange.destroy();
            keyExchange = KeyExchanges.generate(group);
        }
        if (nonce == null) nonce = IkeRandom.bytes(NONCE_LENGTH);
        List<ProposalSubstructure> subs = new ArrayList<>();
        for (int i = 0; i < proposals.size(); i++) {
            subs.add(ProposalSubstructure.of(i + 1, ProtocolId.IKE, new byte[0], proposals.get(i)));
        }
        if (cookie != null) out.add(NotifyPayload.of(NotifyType.COOKIE, cookie));
        out.add(new SaPayload(subs));
        out.add(new KePayload(group, keyExchange.publicValue()));
        out.add(new NoncePayload(nonce));
        addCommonNotifies(out, 0);
        return Status.NEED_MORE;
    }

    private Status processResponse(IkeMessage m) {
        Optional<NotifyPayload> cookieN = m.notify(NotifyType.COOKIE);
        if (cookieN.isPresent()) {
            if (++retries > MAX_RETRIES) return fail("COOKIE_LOOP", "the responder keeps asking for a cookie");
            cookie = cookieN.get().data();
            LOG.log(System.Logger.Level.DEBUG, sa + ": responder asked for a cookie, retrying");
            return Status.NEED_MORE;
        }
        Optional<NotifyPayload> invalidKe = m.notify(NotifyType.INVALID_KE_PAYLOAD);
        if (invalidKe.isPresent()) {
            byte[] d = invalidKe.get().data();
            KeyExchangeGroup wanted = d.length == 2 ? KeyExchangeGroup.byId(((d[0] & 0xff) << 8) | (d[1] & 0xff)) : null;
            boolean offered = wanted != null && sa.config().ike().proposals().stream().anyMatch(p -> p.groups().contains(wanted));
            if (!offered || wanted == group || ++retries > MAX_RETRIES) {
                return fail("INVALID_KE_PAYLOAD", "the peer wants key exchange group " + (wanted == null ? "?" : wanted)
                        + ", which is not in our IKE proposals " + proposalsText());
            }
            LOG.log(System.Logger.Level.INFO, "tunnel " + sa.tunnelName() + ": peer asks for " + wanted + " instead of "
                    + group + ", retrying IKE_SA_INIT");
            group = wanted;
            return Status.NEED_MORE;
        }
        Optional<NotifyPayload> err = m.firstErrorNotify();
        if (err.isPresent()) {
            NotifyType t = err.get().notifyType();
            if (t == NotifyType.NO_PROPOSAL_CHOSEN) {
                return fail("NO_PROPOSAL_CHOSEN", "the peer accepts none of our IKE proposals " + proposalsText());
            }
            return fail(t == null ? "ERROR_" + err.get().notifyTypeId() : t.name(), "the peer refused IKE_SA_INIT with "
                    + (t == null ? "notify " + err.get().notifyTypeId() : t.name()));
        }
        Optional<SaPayload> saPayload = m.payload(SaPayload.class);
        Optional<KePayload> ke = m.payload(KePayload.class);
        Optional<NoncePayload> nr = m.payload(NoncePayload.class);
        if (saPayload.isEmpty() || saPayload.get().proposals().size() != 1 || ke.isEmpty() || nr.isEmpty()) {
            return fail("INVALID_SYNTAX", "IKE_SA_INIT response lacks SA, KE or Nonce");
        }
        Optional<Proposal> accepted = ProposalSelector.accept(sa.config().ike().proposals(),
                saPayload.get().proposals().get(0), ProtocolId.IKE, false);
        if (accepted.isEmpty() || accepted.get().groups().get(0) != group || ke.get().group() != group) {
            return fail("NO_PROPOSAL_CHOSEN", "the peer chose an IKE proposal we did not offer");
        }
        long spiR = m.header().responderSpi();
        if (spiR == 0) return fail("INVALID_SYNTAX", "IKE_SA_INIT response without a responder SPI");
        byte[] shared;
        try {
            shared = keyExchange.sharedSecret(ke.get().keyExchangeData());
        } catch (InvalidKeyExchangeException e) {
            return fail("INVALID_KE_PAYLOAD", "the peer's key exchange value is invalid: " + e.getMessage());
        }
        sa.setResponderSpi(spiR);
        sa.setNonces(nonce, nr.get().nonce());
        Proposal p = accepted.get();
        sa.setKeys(p, IkeKeyMaterial.derive(IkeSaTransforms.fromSelected(p), shared, nonce, nr.get().nonce(), sa.initiatorSpi(), spiR));
        java.util.Arrays.fill(shared, (byte) 0);
        keyExchange.destroy();
        if (!detectNat(m)) return Status.FAILED;
        readCommonNotifies(m);
        return Status.SUCCESS;
    }

    // ---- responder ----

    private Status processRequest(IkeMessage m) {
        Optional<SaPayload> saPayload = m.payload(SaPayload.class);
        Optional<KePayload> ke = m.payload(KePayload.class);
        Optional<NoncePayload> ni = m.payload(NoncePayload.class);
        if (saPayload.isEmpty() || ke.isEmpty() || ni.isEmpty()) {
            return refuse(NotifyType.INVALID_SYNTAX, new byte[0], "INVALID_SYNTAX", "IKE_SA_INIT without SA, KE or Nonce");
        }
        List<TunnelConfig> candidates = sa.candidates();
        if (candidates.isEmpty()) {
            return refuse(NotifyType.NO_PROPOSAL_CHOSEN, new byte[0], "NO_CONFIG",
                    "IKE_SA_INIT from " + sa.remote() + ": no tunnel is configured for this peer");
        }
        for (TunnelConfig c : candidates) {
            Optional<ProposalSelector.Selected> s = ProposalSelector.select(c.ike().proposals(),
                    saPayload.get().proposals(), ProtocolId.IKE, false);
            if (s.isPresent()) {
                selected = s.get();
                sa.setConfig(c);
                break;
            }
        }
        if (selected == null) {
            return refuse(NotifyType.NO_PROPOSAL_CHOSEN, new byte[0], "NO_PROPOSAL_CHOSEN",
                    "IKE_SA_INIT from " + sa.remote() + ": none of the peer's IKE proposals " + theirs(saPayload.get())
                            + " is acceptable to tunnel " + candidates.get(0).name() + " " + proposalsText(candidates.get(0)));
        }
        group = selected.proposal().groups().get(0);
        if (ke.get().groupId() != group.id()) {
            // §1.3: tell the initiator which group we want; it retries, we keep no state
            return refuse(NotifyType.INVALID_KE_PAYLOAD, new byte[]{(byte) (group.id() >> 8), (byte) group.id()},
                    "INVALID_KE_PAYLOAD", null);
        }
        keyExchange = KeyExchanges.generate(group);
        byte[] shared;
        try {
            shared = keyExchange.sharedSecret(ke.get().keyExchangeData());
        } catch (InvalidKeyExchangeException e) {
            return refuse(NotifyType.INVALID_SYNTAX, new byte[0], "INVALID_KE_PAYLOAD",
                    "IKE_SA_INIT from " + sa.remote() + ": invalid key exchange value: " + e.getMessage());
        }
        nonce = IkeRandom.bytes(NONCE_LENGTH);
        sa.setNonces(ni.get().nonce(), nonce);
        Proposal p = selected.proposal();
        sa.setKeys(p, IkeKeyMaterial.derive(IkeSaTransforms.fromSelected(p), shared, ni.get().nonce(), nonce,
                sa.initiatorSpi(), sa.responderSpi()));
        java.util.Arrays.fill(shared, (byte) 0);
        if (!detectNat(m)) {
            error = NotifyPayload.of(NotifyType.NO_PROPOSAL_CHOSEN);
            return Status.FAILED;
        }
        readCommonNotifies(m);
        return Status.NEED_MORE;
    }

    private Status buildResponse(OutgoingMessage out) {
        if (error != null) {
            out.replaceWithError(error);
            return Status.FAILED;
        }
        out.add(new SaPayload(List.of(ProposalSubstructure.of(selected.number(), ProtocolId.IKE, new byte[0],
                selected.proposal()))));
        out.add(new KePayload(group, keyExchange.publicValue()));
        out.add(new NoncePayload(nonce));
        addCommonNotifies(out, sa.responderSpi());
        addCertificateRequest(out);
        keyExchange.destroy();
        return Status.SUCCESS;
    }

    private Status refuse(NotifyType type, byte[] data, String reason, String log) {
        error = NotifyPayload.of(type, data);
        failure = reason;
        if (log != null) LOG.log(System.Logger.Level.WARNING, log);
        return Status.FAILED;
    }

    // ---- both ----

    private void addCommonNotifies(OutgoingMessage out, long spiR) {
        // made-up source hash: forces UDP encapsulation (see class comment)
        out.add(NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, IkeRandom.bytes(NatDetection.HASH_LENGTH)));
        out.add(NotifyPayload.of(NotifyType.NAT_DETECTION_DESTINATION_IP,
                NatDetection.hash(sa.initiatorSpi(), spiR, sa.remote())));
        out.add(NotifyPayload.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED));
        out.add(NotifyPayload.of(NotifyType.SIGNATURE_HASH_ALGORITHMS,
                SignatureHashAlgorithm.encodeNotifyData(SignatureHashAlgorithm.defaults())));
    }

    /** CERTREQ with the hashes of our CAs, so certificate-authenticating peers send their certificate. */
    private void addCertificateRequest(OutgoingMessage out) {
        try {
            TunnelCredentials cred = sa.context().credentials(sa.config());
            if (cred.isPsk() || cred.validator() == null) return;
            out.add(new CertReqPayload(CertEncoding.X509_CERTIFICATE_SIGNATURE.id(),
                    CertificateRequests.encode(cred.validator().trustAnchors())));
        } catch (TunnelCredentials.CredentialLoadException e) {
            LOG.log(System.Logger.Level.WARNING, "tunnel " + sa.tunnelName() + ": " + e.getMessage());
        }
    }

    private void readCommonNotifies(IkeMessage m) {
        sa.setPeerFragmentation(m.hasNotify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED));
        m.notify(NotifyType.SIGNATURE_HASH_ALGORITHMS)
                .ifPresent(n -> sa.setPeerHashes(SignatureHashAlgorithm.decodeNotifyData(n.data())));
    }

    /**
     * RFC 7296 §2.23: compares the peer's NAT-D hashes with what we see. A mismatch of its
     * destination hash means we are behind a NAT (then we send keepalives); of its source hash,
     * that it is (or fakes being). Either way IKE moves to 4500 and ESP is encapsulated.
     */
    private boolean detectNat(IkeMessage m) {
        List<NotifyPayload> src = m.notifies().stream().filter(n -> n.is(NotifyType.NAT_DETECTION_SOURCE_IP)).toList();
        Optional<NotifyPayload> dst = m.notify(NotifyType.NAT_DETECTION_DESTINATION_IP);
        if (src.isEmpty() || dst.isEmpty()) {
            failure = "NO_NAT_TRAVERSAL";
            LOG.log(System.Logger.Level.WARNING, "tunnel " + sa.tunnelName() + ": the peer at " + sa.remote()
                    + " does not support NAT traversal (no NAT_DETECTION payloads); vpnd needs UDP-encapsulated ESP");
            return false;
        }
        long spiR = sa.responderSpi();
        InetSocketAddress localSeen = sa.local();
        boolean localNat = !NatDetection.matches(dst.get().data(), sa.initiatorSpi(), spiR, localSeen);
        boolean remoteNat = src.stream().noneMatch(n -> NatDetection.matches(n.data(), sa.initiatorSpi(), spiR, sa.remote()));
        sa.setNat(localNat, remoteNat);
        int peerNatPort = sa.isInitiator() ? sa.config().remote().natPort() : sa.remote().getPort();
        if (sa.isInitiator()) sa.floatToNatT(peerNatPort);
        return true;
    }

    private Status fail(String reason, String why) {
        failure = reason;
        LOG.log(System.Logger.Level.WARNING, "tunnel " + sa.tunnelName() + ": IKE_SA_INIT with " + sa.remote()
                + " failed: " + why + " (" + reason + ")");
        return Status.FAILED;
    }

    private String proposalsText() {
        return proposalsText(sa.config());
    }

    private static String proposalsText(TunnelConfig c) {
        return c.ike().proposals().stream().map(ProposalParser::toStrongSwanString).toList().toString();
    }

    private static String theirs(SaPayload p) {
        return p.proposals().stream().filter(s -> !s.hasUnusableTransformType())
                .map(s -> ProposalParser.toStrongSwanString(s.toProposal())).toList().toString();
    }
}

package io.vpnd.ike.task;

import io.vpnd.config.TunnelConfig;
import io.vpnd.crypto.KeyExchangeGroup;
import io.vpnd.crypto.Proposal;
import io.vpnd.crypto.ProposalParser;
import io.vpnd.ike.ChildSa;
import io.vpnd.ike.ChildSaInstaller;
import io.vpnd.ike.ChildSaState;
import io.vpnd.ike.IkeSa;
import io.vpnd.ike.IkeSaState;
import io.vpnd.ike.ProposalSelector;
import io.vpnd.ike.TrafficSelectorNarrowing;
import io.vpnd.ike.crypto.ChildKeyMaterial;
import io.vpnd.ike.crypto.ChildSaTransforms;
import io.vpnd.ike.crypto.IkeRandom;
import io.vpnd.ike.crypto.IkeRole;
import io.vpnd.ike.crypto.InvalidKeyExchangeException;
import io.vpnd.ike.crypto.KeyExchange;
import io.vpnd.ike.crypto.KeyExchanges;
import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeConstants.NotifyType;
import io.vpnd.ike.message.IkeConstants.ProtocolId;
import io.vpnd.ike.message.IkeMessage;
import io.vpnd.ike.message.KePayload;
import io.vpnd.ike.message.NoncePayload;
import io.vpnd.ike.message.NotifyPayload;
import io.vpnd.ike.message.ProposalSubstructure;
import io.vpnd.ike.message.SaPayload;
import io.vpnd.ike.message.TsPayload;
import io.vpnd.net.TrafficSelector;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Creates a Child SA: the first one inside IKE_AUTH (RFC 7296 §1.2), an additional one, or the
 * replacement of an existing one (rekey, §1.3.3, §2.8) in CREATE_CHILD_SA — ESP proposal with an
 * optional PFS group, nonces, traffic selectors with narrowing (§2.9), SPIs and KEYMAT (§2.17).
 *
 * <p>Rekeys make before they break: the initiator installs the new pair when the answer arrives
 * and then deletes the old one; the responder installs the new inbound half at once and holds the
 * outbound half back until the old SA is deleted, so neither end sends on an SA the other cannot
 * yet receive. When both ends rekey the same SA at once, both exchanges complete and the one with
 * the lowest of the four nonces is redundant: its initiator deletes what it created (§2.8.1).
 *
 * <p>A failed first Child SA does not fail the IKE SA (§1.2) but keeps the tunnel down; a failed
 * rekey leaves the old SA in place until its lifetime ends.
 */
public final class ChildCreateTask implements IkeTask {
    private static final System.Logger LOG = System.getLogger(ChildCreateTask.class.getName());
    /** Wait before retrying a rekey the peer answered with TEMPORARY_FAILURE. */
    static final Duration TEMPORARY_FAILURE_RETRY = Duration.ofSeconds(3);

    /** What the exchange creates. */
    enum Kind { FIRST, NEW, REKEY }

    private final IkeSa sa;
    private final Kind kind;
    private ChildSa rekeyed;
    private int spiIn;
    private byte[] nonce;
    private byte[] peerNonce;
    private KeyExchangeGroup group;
    private KeyExchange keyExchange;
    private List<TrafficSelector> proposedLocal;
    private List<TrafficSelector> proposedRemote;
    private int retries;
    // responder
    private ProposalSelector.Selected selected;
    private List<TrafficSelector> localTs;
    private List<TrafficSelector> remoteTs;
    private byte[] sharedSecret;
    private NotifyPayload error;
    private String failure;

    private ChildCreateTask(IkeSa sa, Kind kind, ChildSa rekeyed) {
        this.sa = sa;
        this.kind = kind;
        this.rekeyed = rekeyed;
    }

    /** The first Child SA, in IKE_AUTH (either role). */
    public ChildCreateTask(IkeSa sa) {
        this(sa, Kind.FIRST, null);
    }

    /** Initiator: rekey {@code child}. */
    public static ChildCreateTask rekey(IkeSa sa, ChildSa child) {
        return new ChildCreateTask(sa, Kind.REKEY, child);
    }

    /** Initiator: one more Child SA for the tunnel's selectors (after the last one expired). */
    public static ChildCreateTask create(IkeSa sa) {
        return new ChildCreateTask(sa, Kind.NEW, null);
    }

    /** Responder of a CREATE_CHILD_SA request for a Child SA (new or rekey; the request tells). */
    public static ChildCreateTask responder(IkeSa sa) {
        return new ChildCreateTask(sa, Kind.NEW, null);
    }

    @Override
    public String name() {
        return kind == Kind.REKEY ? "CHILD_REKEY" : "CHILD_CREATE";
    }

    @Override
    public ExchangeType exchangeType() {
        return kind == Kind.FIRST ? ExchangeType.IKE_AUTH : ExchangeType.CREATE_CHILD_SA;
    }

    @Override
    public String failureReason() {
        return failure;
    }

    /** The Child SA being replaced (initiator rekey), or null. */
    public ChildSa rekeyed() {
        return rekeyed;
    }

    private boolean initiating() {
        return kind == Kind.FIRST ? sa.isInitiator() : exchangeRole == IkeRole.INITIATOR;
    }

    /** Our role in this exchange: CREATE_CHILD_SA may be started by either end. */
    private IkeRole exchangeRole;

    @Override
    public Status build(OutgoingMessage out) {
        if (exchangeRole == null) exchangeRole = out.isResponse() ? IkeRole.RESPONDER : IkeRole.INITIATOR;
        return initiating() ? buildRequest(out) : buildResponse(out);
    }

    @Override
    public Status process(IkeMessage m) {
        if (exchangeRole == null) exchangeRole = m.isResponse() ? IkeRole.INITIATOR : IkeRole.RESPONDER;
        return initiating() ? processResponse(m) : processRequest(m);
    }

    // ---------------------------------------------------------------- initiator

    private Status buildRequest(OutgoingMessage out) {
        TunnelConfig c = sa.config();
        if (kind == Kind.REKEY) {
            IkeSa owner = rekeyed.owner();
            if (owner != sa) {
                // the IKE SA was rekeyed since this was queued: rekey the Child SA on its new owner
                if (owner != null && owner.state() == IkeSaState.ESTABLISHED) {
                    owner.tasks().queue(ChildCreateTask.rekey(owner, rekeyed));
                    owner.tasks().initiate();
                }
                return Status.SUCCESS;
            }
            if (rekeyed.state() != ChildSaState.INSTALLED && rekeyed.state() != ChildSaState.REKEYING) {
                return Status.SUCCESS; // deleted or replaced meanwhile: nothing to rekey
            }
            rekeyed.moveTo(ChildSaState.REKEYING);
            out.add(NotifyPayload.forChildSa(ProtocolId.ESP, rekeyed.spiIn(), NotifyType.REKEY_SA, new byte[0]));
        }
        if (spiIn == 0) spiIn = sa.context().allocateChildSpi(c.name());
        List<Proposal> proposals = kind == Kind.FIRST ? ProposalSelector.withoutGroups(c.esp().proposals()) : c.esp().proposals();
        List<ProposalSubstructure> subs = new ArrayList<>();
        for (int i = 0; i < proposals.size(); i++) {
            subs.add(ProposalSubstructure.of(i + 1, ProtocolId.ESP, spiBytes(spiIn), proposals.get(i)));
        }
        out.add(new SaPayload(subs));
        if (kind != Kind.FIRST) {
            nonce = IkeRandom.bytes(IkeInitTask.NONCE_LENGTH);
            out.add(new NoncePayload(nonce));
            if (group == null && !proposals.get(0).groups().isEmpty()) group = proposals.get(0).groups().get(0);
            if (group != null) {
                if (keyExchange != null) keyExchange.destroy();
                keyExchange = KeyExchanges.generate(group);
                out.add(new KePayload(group, keyExchange.publicValue()));
            }
        }
        proposedLocal = kind == Kind.REKEY ? rekeyed.localSelectors() : c.selectors().localSelectors();
        proposedRemote = kind == Kind.REKEY ? rekeyed.remoteSelectors() : c.selectors().remoteSelectors();
        out.add(TsPayload.of(true, proposedLocal));
        out.add(TsPayload.of(false, proposedRemote));
        return Status.NEED_MORE;
    }

    private Status processResponse(IkeMessage m) {
        TunnelConfig c = sa.config();
        Optional<NotifyPayload> err = m.firstErrorNotify();
        if (err.isPresent()) return refused(err.get());
        Optional<SaPayload> saPayload = m.payload(SaPayload.class);
        Optional<TsPayload> tsi = m.tsInitiator();
        Optional<TsPayload> tsr = m.tsResponder();
        Optional<NoncePayload> nr = m.payload(NoncePayload.class);
        if (saPayload.isEmpty() || saPayload.get().proposals().size() != 1 || tsi.isEmpty() || tsr.isEmpty()
                || (kind != Kind.FIRST && nr.isEmpty())) {
            return failChild("INVALID_SYNTAX", "the response lacks SA, Nonce, TSi or TSr");
        }
        ProposalSubstructure chosen = saPayload.get().proposals().get(0);
        List<Proposal> offered = kind == Kind.FIRST ? ProposalSelector.withoutGroups(c.esp().proposals()) : c.esp().proposals();
        Optional<Proposal> accepted = ProposalSelector.accept(offered, chosen, ProtocolId.ESP, kind == Kind.FIRST);
        if (accepted.isEmpty() || chosen.spi().length != 4) {
            return failChild("NO_PROPOSAL_CHOSEN", "the peer chose an ESP proposal we did not offer");
        }
        byte[] shared = null;
        if (kind != Kind.FIRST) {
            Optional<KePayload> ke = m.payload(KePayload.class);
            boolean pfs = !accepted.get().groups().isEmpty();
            if (pfs != ke.isPresent() || (pfs && (keyExchange == null || ke.get().group() != keyExchange.group()))) {
                return failChild("INVALID_KE_PAYLOAD", "the peer's key exchange does not match the chosen PFS group");
            }
            if (pfs) {
                try {
                    shared = keyExchange.sharedSecret(ke.get().keyExchangeData());
                } catch (InvalidKeyExchangeException e) {
                    return failChild("INVALID_KE_PAYLOAD", "the peer's key exchange value is invalid: " + e.getMessage());
                }
            }
            peerNonce = nr.get().nonce();
        }
        List<TrafficSelector> local = tsi.get().trafficSelectors();
        List<TrafficSelector> remote = tsr.get().trafficSelectors();
        if (!TrafficSelectorNarrowing.within(local, proposedLocal) || !TrafficSelectorNarrowing.within(remote, proposedRemote)) {
            return failChild("TS_UNACCEPTABLE", "the peer answered with selectors " + local + " === " + remote
                    + " outside what we proposed");
        }
        byte[] ni = kind == Kind.FIRST ? sa.nonceI() : nonce;
        byte[] nrBytes = kind == Kind.FIRST ? sa.nonceR() : peerNonce;
        ChildKeyMaterial keys = sa.keys().deriveChild(ChildSaTransforms.fromSelected(accepted.get()), shared, ni, nrBytes);
        if (shared != null) Arrays.fill(shared, (byte) 0);
        ChildSa created;
        try {
            created = ChildSaInstaller.install(sa, spiIn, chosen.childSpi(), accepted.get(), keys, IkeRole.INITIATOR, local, remote);
        } catch (RuntimeException e) {
            return failChild("INSTALL_FAILED", "cannot install the Child SA: " + e.getMessage());
        }
        if (kind == Kind.REKEY) finishRekey(created);
        else sa.context().events().up(c.name(), "ESTABLISHED");
        return Status.SUCCESS;
    }

    /** Our rekey is done: delete the old SA, or, after a collision we lost, what we just created. */
    private void finishRekey(ChildSa created) {
        ChildSa theirs = rekeyed.collidingReplacement();
        String tunnel = sa.config().name();
        if (theirs != null && theirs.state() != ChildSaState.DESTROYED) {
            byte[][] b = rekeyed.collidingNonces();
            boolean oursRedundant = lowest(nonce, peerNonce, b[0], b[1]) < 2;
            LOG.log(System.Logger.Level.INFO, "tunnel " + tunnel + ": rekey collision on " + String.format("%08x", rekeyed.spiIn())
                    + ", " + (oursRedundant ? "ours" : "the peer's") + " is redundant (lowest nonce)");
            rekeyed.moveTo(ChildSaState.REKEYED);
            if (oursRedundant) {
                created.moveTo(ChildSaState.REKEYED);
                queueDelete(created);
                ChildSaInstaller.activateOutbound(sa, theirs);
            } else {
                queueDelete(rekeyed);
            }
        } else {
            rekeyed.moveTo(ChildSaState.REKEYED);
            queueDelete(rekeyed);
        }
        sa.context().events().rekeyed(tunnel, "child");
        sa.context().events().up(tunnel, "REKEYED");
    }

    private void queueDelete(ChildSa child) {
        sa.tasks().queue(new ChildDeleteTask(sa, List.of(child), "REKEYED"));
    }

    /** Index (0..3) of the lowest nonce, compared as unsigned big-endian numbers of any length. */
    static int lowest(byte[]... nonces) {
        int best = 0;
        for (int i = 1; i < nonces.length; i++) {
            if (Arrays.compareUnsigned(nonces[i], nonces[best]) < 0) best = i;
        }
        return best;
    }

    private Status refused(NotifyPayload n) {
        NotifyType t = n.notifyType();
        String name = t == null ? "ERROR_" + n.notifyTypeId() : t.name();
        if (kind != Kind.FIRST && t == NotifyType.INVALID_KE_PAYLOAD) {
            byte[] d = n.data();
            KeyExchangeGroup wanted = d.length == 2 ? KeyExchangeGroup.byId(((d[0] & 0xff) << 8) | (d[1] & 0xff)) : null;
            boolean offered = wanted != null && sa.config().esp().proposals().stream().anyMatch(p -> p.groups().contains(wanted));
            if (offered && wanted != group && ++retries <= 2) {
                group = wanted;
                LOG.log(System.Logger.Level.INFO, "tunnel " + sa.config().name() + ": peer wants PFS group " + wanted + ", retrying");
                return Status.NEED_MORE;
            }
        }
        if (kind == Kind.REKEY && t == NotifyType.TEMPORARY_FAILURE) {
            sa.context().releaseChildSpi(spiIn);
            if (rekeyed.collidingReplacement() != null) {
                // the peer's colliding rekey went through and ours came too late: theirs stands
                rekeyed.moveTo(ChildSaState.REKEYED);
                ChildSaInstaller.activateOutbound(sa, rekeyed.collidingReplacement());
                return Status.SUCCESS;
            }
            rekeyed.moveTo(ChildSaState.INSTALLED);
            ChildSa child = rekeyed;
            sa.context().scheduler().schedule(TEMPORARY_FAILURE_RETRY, () -> {
                IkeSa owner = child.owner(); // an IKE rekey may have moved it meanwhile
                if (child.state() == ChildSaState.INSTALLED && owner != null && owner.state() == IkeSaState.ESTABLISHED) {
                    owner.tasks().queue(ChildCreateTask.rekey(owner, child));
                    owner.tasks().initiate();
                }
            });
            return Status.SUCCESS;
        }
        String hint = switch (name) {
            case "NO_PROPOSAL_CHOSEN" -> "the peer accepts none of our ESP proposals " + espText(sa.config());
            case "TS_UNACCEPTABLE" -> "the peer does not accept our traffic selectors " + proposedLocal + " === "
                    + proposedRemote + " (compare selectors.local/remote with the peer's)";
            case "CHILD_SA_NOT_FOUND" -> "the peer no longer has the Child SA we wanted to rekey";
            default -> "the peer refused the Child SA";
        };
        return failChild(name, hint);
    }

    /**
     * A Child SA that could not be created: in IKE_AUTH the IKE SA goes too (the tunnel is down
     * anyway and is retried as a whole); a failed rekey leaves the old SA until it expires.
     */
    private Status failChild(String reason, String why) {
        failure = reason;
        if (spiIn != 0) sa.context().releaseChildSpi(spiIn);
        if (keyExchange != null) keyExchange.destroy();
        LOG.log(System.Logger.Level.WARNING, "tunnel " + sa.tunnelName() + ": " + (kind == Kind.REKEY ? "rekeying the" : "creating a")
                + " Child SA with " + sa.remote() + " failed: " + why + " (" + reason + ")");
        if (kind == Kind.FIRST) return Status.FAILED;
        if (kind == Kind.REKEY && rekeyed.state() == ChildSaState.REKEYING) rekeyed.moveTo(ChildSaState.INSTALLED);
        if (kind == Kind.NEW && sa.children().isEmpty()) sa.context().events().down(sa.config().name(), reason);
        return Status.SUCCESS;
    }

    // ---------------------------------------------------------------- responder

    private Status processRequest(IkeMessage m) {
        if (kind == Kind.FIRST && sa.state() != IkeSaState.ESTABLISHED && sa.state() != IkeSaState.CONNECTING) return Status.SUCCESS;
        TunnelConfig c = sa.config();
        Optional<SaPayload> saPayload = m.payload(SaPayload.class);
        Optional<TsPayload> tsi = m.tsInitiator();
        Optional<TsPayload> tsr = m.tsResponder();
        if (saPayload.isEmpty() || tsi.isEmpty() || tsr.isEmpty()) {
            if (kind == Kind.FIRST) return Status.SUCCESS; // childless IKE_AUTH
            return refuse(NotifyType.INVALID_SYNTAX, "INVALID_SYNTAX", "CREATE_CHILD_SA without SA, TSi or TSr");
        }
        if (kind != Kind.FIRST && (sa.state() == IkeSaState.REKEYING || sa.state() == IkeSaState.REKEYED)) {
            return refuse(NotifyType.TEMPORARY_FAILURE, "TEMPORARY_FAILURE", "the IKE SA is being rekeyed (RFC 7296 §2.25)");
        }
        ChildSa target = null;
        Optional<NotifyPayload> rekey = m.notify(NotifyType.REKEY_SA);
        if (rekey.isPresent()) {
            int spi = rekey.get().childSpi();
            target = sa.children().stream().filter(ch -> ch.spiOut() == spi).findFirst().orElse(null);
            if (target == null) {
                return refuse(NotifyType.CHILD_SA_NOT_FOUND, "CHILD_SA_NOT_FOUND",
                        String.format("the peer wants to rekey Child SA %08x, which we do not have", spi));
            }
            if (target.state() != ChildSaState.INSTALLED && target.state() != ChildSaState.REKEYING) {
                return refuse(NotifyType.TEMPORARY_FAILURE, "TEMPORARY_FAILURE",
                        String.format("Child SA %08x is already being replaced or deleted", spi));
            }
            rekeyed = target;
        }
        if (m.hasNotify(NotifyType.USE_TRANSPORT_MODE)) {
            return refuse(NotifyType.NO_PROPOSAL_CHOSEN, "NO_PROPOSAL_CHOSEN", "the peer asks for transport mode; vpnd only does tunnel mode");
        }
        List<Proposal> ours = kind == Kind.FIRST ? ProposalSelector.withoutGroups(c.esp().proposals()) : c.esp().proposals();
        Optional<ProposalSelector.Selected> s = ProposalSelector.select(ours, saPayload.get().proposals(), ProtocolId.ESP,
                kind == Kind.FIRST);
        if (s.isEmpty() || s.get().peerSpi().length != 4) {
            return refuse(NotifyType.NO_PROPOSAL_CHOSEN, "NO_PROPOSAL_CHOSEN", "none of the peer's ESP proposals "
                    + theirs(saPayload.get()) + " is acceptable " + espText(c));
        }
        selected = s.get();
        if (kind != Kind.FIRST) {
            Optional<NoncePayload> ni = m.payload(NoncePayload.class);
            if (ni.isEmpty()) return refuse(NotifyType.INVALID_SYNTAX, "INVALID_SYNTAX", "CREATE_CHILD_SA without a nonce");
            peerNonce = ni.get().nonce();
            if (!selected.proposal().groups().isEmpty()) {
                KeyExchangeGroup g = selected.proposal().groups().get(0);
                Optional<KePayload> ke = m.payload(KePayload.class);
                if (ke.isEmpty() || ke.get().groupId() != g.id()) {
                    error = NotifyPayload.of(NotifyType.INVALID_KE_PAYLOAD, new byte[]{(byte) (g.id() >> 8), (byte) g.id()});
                    failure = "INVALID_KE_PAYLOAD";
                    return Status.NEED_MORE;
                }
                keyExchange = KeyExchanges.generate(g);
                try {
                    sharedSecret = keyExchange.sharedSecret(ke.get().keyExchangeData());
                } catch (InvalidKeyExchangeException e) {
                    return refuse(NotifyType.INVALID_SYNTAX, "INVALID_SYNTAX", "invalid key exchange value: " + e.getMessage());
                }
            }
        }
        remoteTs = TrafficSelectorNarrowing.narrow(tsi.get().trafficSelectors(), c.selectors().remoteSelectors());
        localTs = TrafficSelectorNarrowing.narrow(tsr.get().trafficSelectors(), c.selectors().localSelectors());
        if (remoteTs.isEmpty() || localTs.isEmpty()) {
            return refuse(NotifyType.TS_UNACCEPTABLE, "TS_UNACCEPTABLE", "the peer's traffic selectors "
                    + tsi.get().trafficSelectors() + " === " + tsr.get().trafficSelectors() + " do not overlap ours "
                    + c.selectors().remoteSelectors() + " === " + c.selectors().localSelectors());
        }
        return Status.NEED_MORE;
    }

    private Status buildResponse(OutgoingMessage out) {
        if (kind == Kind.FIRST && sa.state() != IkeSaState.ESTABLISHED) return Status.SUCCESS;
        TunnelConfig c = sa.config();
        if (error != null) {
            if (kind == Kind.FIRST) {
                out.add(error);
                sa.context().events().down(c.name(), failure);
            } else {
                out.replaceWithError(error);
            }
            return Status.SUCCESS;
        }
        if (selected == null) return Status.SUCCESS;
        spiIn = sa.context().allocateChildSpi(c.name());
        out.add(new SaPayload(List.of(ProposalSubstructure.of(selected.number(), ProtocolId.ESP, spiBytes(spiIn),
                selected.proposal()))));
        if (kind != Kind.FIRST) {
            nonce = IkeRandom.bytes(IkeInitTask.NONCE_LENGTH);
            out.add(new NoncePayload(nonce));
            if (keyExchange != null) out.add(new KePayload(keyExchange.group(), keyExchange.publicValue()));
        }
        out.add(TsPayload.of(true, remoteTs));
        out.add(TsPayload.of(false, localTs));
        int spiOut = ByteBuffer.wrap(selected.peerSpi()).getInt();
        byte[] ni = kind == Kind.FIRST ? sa.nonceI() : peerNonce;
        byte[] nrBytes = kind == Kind.FIRST ? sa.nonceR() : nonce;
        ChildKeyMaterial keys = sa.keys().deriveChild(ChildSaTransforms.fromSelected(selected.proposal()), sharedSecret, ni, nrBytes);
        if (sharedSecret != null) Arrays.fill(sharedSecret, (byte) 0);
        if (keyExchange != null) keyExchange.destroy();
        ChildSa created;
        try {
            created = ChildSaInstaller.install(sa, spiIn, spiOut, selected.proposal(), keys, IkeRole.RESPONDER, localTs,
                    remoteTs, rekeyed != null);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "tunnel " + c.name() + ": cannot install the Child SA: " + e.getMessage());
            sa.context().releaseChildSpi(spiIn);
            out.replaceWithError(NotifyPayload.of(NotifyType.NO_PROPOSAL_CHOSEN));
            return Status.SUCCESS;
        }
        if (rekeyed != null) {
            LOG.log(System.Logger.Level.INFO, "tunnel " + c.name() + ": the peer rekeyed CHILD_SA "
                    + String.format("%08x_i", rekeyed.spiIn()) + ", replaced by " + String.format("%08x_i", spiIn));
            if (rekeyed.state() == ChildSaState.REKEYING) {
                // we are rekeying it ourselves: our own exchange decides when it completes
                rekeyed.recordCollision(created, peerNonce, nonce);
            } else {
                rekeyed.moveTo(ChildSaState.REKEYED);
            }
            sa.context().events().rekeyed(c.name(), "child");
        }
        sa.context().events().up(c.name(), rekeyed != null ? "REKEYED" : "ESTABLISHED");
        return Status.SUCCESS;
    }

    private Status refuse(NotifyType type, String reason, String why) {
        error = NotifyPayload.of(type);
        failure = reason;
        LOG.log(System.Logger.Level.WARNING, "tunnel " + sa.tunnelName() + ": Child SA request from " + sa.remote()
                + " refused: " + why + " (" + reason + ")");
        return Status.NEED_MORE;
    }

    static byte[] spiBytes(int spi) {
        return ByteBuffer.allocate(4).putInt(spi).array();
    }

    private static String espText(TunnelConfig c) {
        return c.esp().proposals().stream().map(ProposalParser::toStrongSwanString).toList().toString();
    }

    private static String theirs(SaPayload p) {
        return p.proposals().stream().filter(s -> !s.hasUnusableTransformType())
                .map(s -> ProposalParser.toStrongSwanString(s.toProposal())).toList().toString();
    }
}

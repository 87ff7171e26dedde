package io.vpnd.ike.task;

import io.vpnd.config.TunnelConfig;
import io.vpnd.crypto.Proposal;
import io.vpnd.crypto.ProposalParser;
import io.vpnd.ike.ChildSaInstaller;
import io.vpnd.ike.IkeSa;
import io.vpnd.ike.IkeSaState;
import io.vpnd.ike.ProposalSelector;
import io.vpnd.ike.TrafficSelectorNarrowing;
import io.vpnd.ike.crypto.ChildSaTransforms;
import io.vpnd.ike.crypto.IkeRole;
import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeConstants.NotifyType;
import io.vpnd.ike.message.IkeConstants.ProtocolId;
import io.vpnd.ike.message.IkeMessage;
import io.vpnd.ike.message.NotifyPayload;
import io.vpnd.ike.message.ProposalSubstructure;
import io.vpnd.ike.message.SaPayload;
import io.vpnd.ike.message.TsPayload;
import io.vpnd.net.TrafficSelector;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The first Child SA, negotiated inside IKE_AUTH (RFC 7296 §1.2): ESP proposal, traffic
 * selectors with narrowing (§2.9), SPIs, and KEYMAT from the IKE SA's SK_d and nonces (§2.17).
 * Key-exchange groups in ESP proposals are left out here (they only matter for rekeying with PFS),
 * as strongSwan does. A failed Child SA does not fail the IKE SA (§1.2), but the tunnel stays down
 * and says why.
 */
public final class ChildCreateTask implements IkeTask {
    private static final System.Logger LOG = System.getLogger(ChildCreateTask.class.getName());

    private final IkeSa sa;
    private int spiIn;
    private List<TrafficSelector> proposedLocal;
    private List<TrafficSelector> proposedRemote;
    // responder
    private ProposalSelector.Selected selected;
    private List<TrafficSelector> localTs;
    private List<TrafficSelector> remoteTs;
    private NotifyPayload error;
    private String failure;

    public ChildCreateTask(IkeSa sa) {
        this.sa = sa;
    }

    @Override
    public String name() {
        return "CHILD_CREATE";
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
        return sa.isInitiator() ? buildRequest(out) : buildResponse(out);
    }

    @Override
    public Status process(IkeMessage m) {
        return sa.isInitiator() ? processResponse(m) : processRequest(m);
    }

    private Status buildRequest(OutgoingMessage out) {
        TunnelConfig c = sa.config();
        spiIn = sa.context().allocateChildSpi();
        List<Proposal> proposals = ProposalSelector.withoutGroups(c.esp().proposals());
        List<ProposalSubstructure> subs = new ArrayList<>();
        for (int i = 0; i < proposals.size(); i++) {
            subs.add(ProposalSubstructure.of(i + 1, ProtocolId.ESP, spiBytes(spiIn), proposals.get(i)));
        }
        proposedLocal = c.selectors().localSelectors();
        proposedRemote = c.selectors().remoteSelectors();
        out.add(new SaPayload(subs));
        out.add(TsPayload.of(true, proposedLocal));
        out.add(TsPayload.of(false, proposedRemote));
        return Status.NEED_MORE;
    }

    private Status processResponse(IkeMessage m) {
        TunnelConfig c = sa.config();
        Optional<NotifyPayload> err = m.firstErrorNotify();
        if (err.isPresent()) {
            NotifyType t = err.get().notifyType();
            String name = t == null ? "ERROR_" + err.get().notifyTypeId() : t.name();
            String hint = switch (name) {
                case "NO_PROPOSAL_CHOSEN" -> "the peer accepts none of our ESP proposals " + espText(c);
                case "TS_UNACCEPTABLE" -> "the peer does not accept our traffic selectors " + proposedLocal + " === "
                        + proposedRemote + " (compare selectors.local/remote with the peer's)";
                default -> "the peer refused the Child SA";
            };
            return fail(name, hint);
        }
        Optional<SaPayload> saPayload = m.payload(SaPayload.class);
        Optional<TsPayload> tsi = m.tsInitiator();
        Optional<TsPayload> tsr = m.tsResponder();
        if (saPayload.isEmpty() || saPayload.get().proposals().size() != 1 || tsi.isEmpty() || tsr.isEmpty()) {
            return fail("INVALID_SYNTAX", "the IKE_AUTH response lacks SA, TSi or TSr");
        }
        ProposalSubstructure chosen = saPayload.get().proposals().get(0);
        Optional<Proposal> accepted = ProposalSelector.accept(ProposalSelector.withoutGroups(c.esp().proposals()),
                chosen, ProtocolId.ESP, true);
        if (accepted.isEmpty() || chosen.spi().length != 4) {
            return fail("NO_PROPOSAL_CHOSEN", "the peer chose an ESP proposal we did not offer");
        }
        List<TrafficSelector> local = tsi.get().trafficSelectors();
        List<TrafficSelector> remote = tsr.get().trafficSelectors();
        if (!TrafficSelectorNarrowing.within(local, proposedLocal) || !TrafficSelectorNarrowing.within(remote, proposedRemote)) {
            return fail("TS_UNACCEPTABLE", "the peer answered with selectors " + local + " === " + remote
                    + " outside what we proposed");
        }
        var keys = sa.keys().deriveChild(ChildSaTransforms.fromSelected(accepted.get()), null, sa.nonceI(), sa.nonceR());
        try {
            ChildSaInstaller.install(sa, spiIn, chosen.childSpi(), accepted.get(), keys, IkeRole.INITIATOR, local, remote);
        } catch (RuntimeException e) {
            return fail("INSTALL_FAILED", "cannot install the Child SA: " + e.getMessage());
        }
        sa.context().events().up(c.name(), "ESTABLISHED");
        return Status.SUCCESS;
    }

    private Status processRequest(IkeMessage m) {
        if (sa.state() != IkeSaState.ESTABLISHED && sa.state() != IkeSaState.CONNECTING) return Status.SUCCESS;
        TunnelConfig c = sa.config();
        Optional<SaPayload> saPayload = m.payload(SaPayload.class);
        Optional<TsPayload> tsi = m.tsInitiator();
        Optional<TsPayload> tsr = m.tsResponder();
        if (saPayload.isEmpty() || tsi.isEmpty() || tsr.isEmpty()) return Status.SUCCESS; // childless IKE_AUTH
        if (m.hasNotify(NotifyType.USE_TRANSPORT_MODE)) {
            return refuse(NotifyType.NO_PROPOSAL_CHOSEN, "NO_PROPOSAL_CHOSEN", "the peer asks for transport mode; vpnd only does tunnel mode");
        }
        Optional<ProposalSelector.Selected> s = ProposalSelector.select(ProposalSelector.withoutGroups(c.esp().proposals()),
                saPayload.get().proposals(), ProtocolId.ESP, true);
        if (s.isEmpty() || s.get().peerSpi().length != 4) {
            return refuse(NotifyType.NO_PROPOSAL_CHOSEN, "NO_PROPOSAL_CHOSEN", "none of the peer's ESP proposals "
                    + theirs(saPayload.get()) + " is acceptable " + espText(c));
        }
        selected = s.get();
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
        if (sa.state() != IkeSaState.ESTABLISHED) return Status.SUCCESS;
        if (error != null) {
            out.add(error);
            sa.context().events().down(sa.config().name(), failure);
            return Status.SUCCESS;
        }
        if (selected == null) return Status.SUCCESS;
        TunnelConfig c = sa.config();
        spiIn = sa.context().allocateChildSpi();
        out.add(new SaPayload(List.of(ProposalSubstructure.of(selected.number(), ProtocolId.ESP, spiBytes(spiIn),
                selected.proposal()))));
        out.add(TsPayload.of(true, remoteTs));
        out.add(TsPayload.of(false, localTs));
        int spiOut = ByteBuffer.wrap(selected.peerSpi()).getInt();
        var keys = sa.keys().deriveChild(ChildSaTransforms.fromSelected(selected.proposal()), null, sa.nonceI(), sa.nonceR());
        try {
            ChildSaInstaller.install(sa, spiIn, spiOut, selected.proposal(), keys, IkeRole.RESPONDER, localTs, remoteTs);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "tunnel " + c.name() + ": cannot install the Child SA: " + e.getMessage());
            sa.context().releaseChildSpi(spiIn);
            out.payloads().removeIf(p -> p instanceof SaPayload || p instanceof TsPayload);
            out.add(NotifyPayload.of(NotifyType.NO_PROPOSAL_CHOSEN));
            return Status.SUCCESS;
        }
        sa.context().events().up(c.name(), "ESTABLISHED");
        return Status.SUCCESS;
    }

    private Status refuse(NotifyType type, String reason, String why) {
        error = NotifyPayload.of(type);
        failure = reason;
        LOG.log(System.Logger.Level.WARNING, "tunnel " + sa.tunnelName() + ": Child SA with " + sa.remote()
                + " refused: " + why + " (" + reason + ")");
        return Status.NEED_MORE;
    }

    private Status fail(String reason, String why) {
        failure = reason;
        if (spiIn != 0) sa.context().releaseChildSpi(spiIn);
        LOG.log(System.Logger.Level.WARNING, "tunnel " + sa.tunnelName() + ": Child SA with " + sa.remote()
                + " failed: " + why + " (" + reason + ")");
        return Status.FAILED;
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

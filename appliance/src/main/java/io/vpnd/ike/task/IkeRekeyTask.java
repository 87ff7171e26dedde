package io.vpnd.ike.task;

import io.vpnd.crypto.KeyExchangeGroup;
import io.vpnd.crypto.Proposal;
import io.vpnd.ike.IkeSa;
import io.vpnd.ike.IkeSaState;
import io.vpnd.ike.ProposalSelector;
import io.vpnd.ike.crypto.IkeKeyMaterial;
import io.vpnd.ike.crypto.IkeRandom;
import io.vpnd.ike.crypto.IkeRole;
import io.vpnd.ike.crypto.IkeSaTransforms;
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

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Rekeys the IKE SA (RFC 7296 §1.3.2, §2.18): a CREATE_CHILD_SA exchange with a new SPI each,
 * fresh nonces and a fresh Diffie-Hellman; SKEYSEED from the old SK_d. The new IKE SA takes over
 * every Child SA and the initiator deletes the old one. When both ends rekey at once, the
 * exchange with the lowest of the four nonces made the redundant SA, which its initiator deletes
 * (§2.8.2).
 */
public final class IkeRekeyTask implements IkeTask {
    private static final System.Logger LOG = System.getLogger(IkeRekeyTask.class.getName());
    static final Duration RETRY = Duration.ofSeconds(5);

    private final IkeSa sa;
    private IkeRole exchangeRole;
    private KeyExchangeGroup group;
    private KeyExchange keyExchange;
    private byte[] nonce;
    private byte[] peerNonce;
    private long newSpi;
    private long peerSpi;
    private int retries;
    private ProposalSelector.Selected selected;
    private byte[] sharedSecret;
    private NotifyPayload error;

    public IkeRekeyTask(IkeSa sa) {
        this.sa = sa;
    }

    /** Responder side of a peer's IKE rekey. */
    public static IkeRekeyTask responder(IkeSa sa) {
        return new IkeRekeyTask(sa);
    }

    @Override
    public String name() {
        return "IKE_REKEY";
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.CREATE_CHILD_SA;
    }

    @Override
    public Status build(OutgoingMessage out) {
        if (exchangeRole == null) exchangeRole = out.isResponse() ? IkeRole.RESPONDER : IkeRole.INITIATOR;
        return exchangeRole == IkeRole.INITIATOR ? buildRequest(out) : buildResponse(out);
    }

    @Override
    public Status process(IkeMessage m) {
        if (exchangeRole == null) exchangeRole = m.isResponse() ? IkeRole.INITIATOR : IkeRole.RESPONDER;
        return exchangeRole == IkeRole.INITIATOR ? processResponse(m) : processRequest(m);
    }

    // ---------------------------------------------------------------- initiator

    private Status buildRequest(OutgoingMessage out) {
        if (sa.state() != IkeSaState.ESTABLISHED && sa.state() != IkeSaState.REKEYING) return Status.SUCCESS;
        sa.moveTo(IkeSaState.REKEYING);
        if (newSpi == 0) newSpi = sa.context().newIkeSpi();
        List<Proposal> proposals = sa.config().ike().proposals();
        if (group == null) group = sa.proposal().groups().get(0);
        if (keyExchange != null) keyExchange.destroy();
        keyExchange = KeyExchanges.generate(group);
        nonce = IkeRandom.bytes(IkeInitTask.NONCE_LENGTH);
        List<ProposalSubstructure> subs = new ArrayList<>();
        for (int i = 0; i < proposals.size(); i++) {
            subs.add(ProposalSubstructure.of(i + 1, ProtocolId.IKE, spiBytes(newSpi), proposals.get(i)));
        }
        out.add(new SaPayload(subs));
        out.add(new NoncePayload(nonce));
        out.add(new KePayload(group, keyExchange.publicValue()));
        return Status.NEED_MORE;
    }

    private Status processResponse(IkeMessage m) {
        Optional<NotifyPayload> err = m.firstErrorNotify();
        if (err.isPresent()) {
            NotifyType t = err.get().notifyType();
            if (t == NotifyType.INVALID_KE_PAYLOAD && ++retries <= 2) {
                byte[] d = err.get().data();
                KeyExchangeGroup wanted = d.length == 2 ? KeyExchangeGroup.byId(((d[0] & 0xff) << 8) | (d[1] & 0xff)) : null;
                if (wanted != null && sa.config().ike().proposals().stream().anyMatch(p -> p.groups().contains(wanted))) {
                    group = wanted;
                    return Status.NEED_MORE;
                }
            }
            return retryLater(t == null ? "ERROR_" + err.get().notifyTypeId() : t.name());
        }
        Optional<SaPayload> saPayload = m.payload(SaPayload.class);
        Optional<NoncePayload> nr = m.payload(NoncePayload.class);
        Optional<KePayload> ke = m.payload(KePayload.class);
        if (saPayload.isEmpty() || saPayload.get().proposals().size() != 1 || nr.isEmpty() || ke.isEmpty()) {
            return retryLater("INVALID_SYNTAX");
        }
        ProposalSubstructure chosen = saPayload.get().proposals().get(0);
        Optional<Proposal> accepted = ProposalSelector.accept(sa.config().ike().proposals(), chosen, ProtocolId.IKE, false);
        if (accepted.isEmpty() || chosen.spi().length != 8 || ke.get().group() != group
                || accepted.get().groups().get(0) != group) {
            return retryLater("NO_PROPOSAL_CHOSEN");
        }
        byte[] shared;
        try {
            shared = keyExchange.sharedSecret(ke.get().keyExchangeData());
        } catch (InvalidKeyExchangeException e) {
            return retryLater("INVALID_KE_PAYLOAD");
        }
        peerNonce = nr.get().nonce();
        peerSpi = chosen.ikeSpi();
        IkeKeyMaterial keys = IkeKeyMaterial.deriveRekeyed(sa.keys(), IkeSaTransforms.fromSelected(accepted.get()), shared,
                nonce, peerNonce, newSpi, peerSpi);
        Arrays.fill(shared, (byte) 0);
        keyExchange.destroy();
        IkeSa created = sa.context().createRekeyedSa(sa, IkeRole.INITIATOR, newSpi, peerSpi);
        created.setNonces(nonce, peerNonce);
        created.setKeys(accepted.get(), keys);
        sa.context().established(created);
        IkeSa theirs = sa.collidingReplacement();
        if (theirs != null && theirs.state() != IkeSaState.DESTROYED) {
            byte[][] b = sa.collidingNonces();
            boolean oursRedundant = ChildCreateTask.lowest(nonce, peerNonce, b[0], b[1]) < 2;
            LOG.log(System.Logger.Level.INFO, "tunnel " + sa.tunnelName() + ": IKE rekey collision, "
                    + (oursRedundant ? "ours" : "the peer's") + " is redundant (lowest nonce)");
            sa.moveTo(IkeSaState.REKEYED);
            if (oursRedundant) {
                sa.context().adoptChildren(sa, theirs);
                created.moveTo(IkeSaState.REKEYED);
                created.tasks().queue(new IkeDeleteTask(created, "REDUNDANT"));
                created.tasks().initiate();
            } else {
                sa.context().adoptChildren(sa, created);
                sa.tasks().queue(new IkeDeleteTask(sa, "REKEYED"));
            }
        } else {
            sa.context().adoptChildren(sa, created);
            sa.moveTo(IkeSaState.REKEYED);
            sa.tasks().queue(new IkeDeleteTask(sa, "REKEYED"));
        }
        LOG.log(System.Logger.Level.INFO, "tunnel " + sa.tunnelName() + ": IKE_SA rekeyed, " + created + " replaces " + sa);
        sa.context().events().rekeyed(sa.config().name(), "ike");
        return Status.SUCCESS;
    }

    /** The peer refused or garbled the rekey: keep the old SA and try again a little later. */
    private Status retryLater(String reason) {
        if (keyExchange != null) keyExchange.destroy();
        if (sa.state() == IkeSaState.REKEYING) sa.moveTo(IkeSaState.ESTABLISHED);
        IkeSa theirs = sa.collidingReplacement();
        if (theirs != null && theirs.state() != IkeSaState.DESTROYED) {
            // the peer's own rekey went through: it stands
            sa.context().adoptChildren(sa, theirs);
            sa.moveTo(IkeSaState.REKEYED);
            return Status.SUCCESS;
        }
        LOG.log(System.Logger.Level.WARNING, "tunnel " + sa.tunnelName() + ": IKE_SA rekey refused (" + reason
                + "), retrying in " + RETRY.toSeconds() + " s");
        sa.context().scheduler().schedule(RETRY, () -> {
            if (sa.state() == IkeSaState.ESTABLISHED && !sa.tasks().has(IkeRekeyTask.class)) {
                sa.tasks().queue(new IkeRekeyTask(sa));
                sa.tasks().initiate();
            }
        });
        return Status.SUCCESS;
    }

    // ---------------------------------------------------------------- responder

    private Status processRequest(IkeMessage m) {
        if (sa.state() == IkeSaState.REKEYED || sa.state() == IkeSaState.DELETING) {
            return refuse(NotifyPayload.of(NotifyType.TEMPORARY_FAILURE), "the IKE SA is already replaced or going");
        }
        if (sa.tasks().inFlight(ChildCreateTask.class) || sa.tasks().inFlight(ChildDeleteTask.class)) {
            // RFC 7296 §2.25: not while one of our Child SA exchanges is under way; the peer retries
            return refuse(NotifyPayload.of(NotifyType.TEMPORARY_FAILURE), "a Child SA exchange of ours is in flight");
        }
        Optional<SaPayload> saPayload = m.payload(SaPayload.class);
        Optional<NoncePayload> ni = m.payload(NoncePayload.class);
        Optional<KePayload> ke = m.payload(KePayload.class);
        if (saPayload.isEmpty() || ni.isEmpty() || ke.isEmpty()) {
            return refuse(NotifyPayload.of(NotifyType.INVALID_SYNTAX), "IKE rekey without SA, Nonce or KE");
        }
        Optional<ProposalSelector.Selected> s = ProposalSelector.select(sa.config().ike().proposals(),
                saPayload.get().proposals(), ProtocolId.IKE, false);
        if (s.isEmpty() || s.get().peerSpi().length != 8) {
            return refuse(NotifyPayload.of(NotifyType.NO_PROPOSAL_CHOSEN), "no acceptable IKE proposal in the rekey");
        }
        selected = s.get();
        KeyExchangeGroup g = selected.proposal().groups().get(0);
        if (ke.get().groupId() != g.id()) {
            error = NotifyPayload.of(NotifyType.INVALID_KE_PAYLOAD, new byte[]{(byte) (g.id() >> 8), (byte) g.id()});
            return Status.NEED_MORE;
        }
        keyExchange = KeyExchanges.generate(g);
        try {
            sharedSecret = keyExchange.sharedSecret(ke.get().keyExchangeData());
        } catch (InvalidKeyExchangeException e) {
            return refuse(NotifyPayload.of(NotifyType.INVALID_SYNTAX), "invalid key exchange value");
        }
        peerNonce = ni.get().nonce();
        peerSpi = ByteBuffer.wrap(selected.peerSpi()).getLong();
        return Status.NEED_MORE;
    }

    private Status buildResponse(OutgoingMessage out) {
        if (error != null) {
            out.replaceWithError(error);
            return Status.SUCCESS;
        }
        newSpi = sa.context().newIkeSpi();
        nonce = IkeRandom.bytes(IkeInitTask.NONCE_LENGTH);
        out.add(new SaPayload(List.of(ProposalSubstructure.of(selected.number(), ProtocolId.IKE, spiBytes(newSpi),
                selected.proposal()))));
        out.add(new NoncePayload(nonce));
        out.add(new KePayload(keyExchange.group(), keyExchange.publicValue()));
        IkeKeyMaterial keys = IkeKeyMaterial.deriveRekeyed(sa.keys(), IkeSaTransforms.fromSelected(selected.proposal()),
                sharedSecret, peerNonce, nonce, peerSpi, newSpi);
        Arrays.fill(sharedSecret, (byte) 0);
        keyExchange.destroy();
        IkeSa created = sa.context().createRekeyedSa(sa, IkeRole.RESPONDER, peerSpi, newSpi);
        created.setNonces(peerNonce, nonce);
        created.setKeys(selected.proposal(), keys);
        sa.context().established(created);
        LOG.log(System.Logger.Level.INFO, "tunnel " + sa.tunnelName() + ": the peer rekeyed the IKE_SA, " + created
                + " replaces " + sa);
        if (sa.state() == IkeSaState.REKEYING) {
            // we are rekeying it too: our own exchange decides who keeps the Child SAs
            sa.recordCollision(created, peerNonce, nonce);
        } else {
            sa.context().adoptChildren(sa, created);
            sa.moveTo(IkeSaState.REKEYED);
        }
        sa.context().events().rekeyed(sa.config().name(), "ike");
        return Status.SUCCESS;
    }

    private Status refuse(NotifyPayload n, String why) {
        error = n;
        LOG.log(System.Logger.Level.WARNING, "tunnel " + sa.tunnelName() + ": IKE rekey from " + sa.remote()
                + " refused: " + why);
        return Status.NEED_MORE;
    }

    private static byte[] spiBytes(long spi) {
        return ByteBuffer.allocate(8).putLong(spi).array();
    }
}

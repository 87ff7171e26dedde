package io.vpnd.ike;

import io.vpnd.config.TunnelConfig;
import io.vpnd.crypto.Proposal;
import io.vpnd.crypto.ProposalParser;
import io.vpnd.ike.crypto.IkeKeyMaterial;
import io.vpnd.ike.crypto.IkeRole;
import io.vpnd.ike.crypto.SignatureHashAlgorithm;
import io.vpnd.ike.crypto.SkCipher;
import io.vpnd.ike.message.IkeMessage;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One IKE SA: SPIs, role, endpoints, negotiated algorithms and keys, the IKE_SA_INIT messages
 * that AUTH signs, its Child SAs, and the {@link TaskManager} that runs its exchanges. Lives on
 * the IKE thread only.
 */
public final class IkeSa {
    private static final System.Logger LOG = System.getLogger(IkeSa.class.getName());

    private final IkeContext context;
    private final IkeRole role;
    private final long spiI;
    private long spiR;
    private IkeSaState state = IkeSaState.CREATED;
    private TunnelConfig config;
    private List<TunnelConfig> candidates = List.of();
    private InetSocketAddress local;
    private InetSocketAddress remote;
    private boolean natT;
    private boolean natLocal;
    private boolean natRemote;
    private byte[] nonceI;
    private byte[] nonceR;
    private Proposal proposal;
    private IkeKeyMaterial keys;
    private SkCipher inbound;
    private SkCipher outbound;
    private byte[] initRequest;
    private byte[] initResponse;
    private boolean peerFragmentation;
    private List<SignatureHashAlgorithm> peerHashes = List.of();
    private String peerId = "%any";
    private final List<ChildSa> children = new ArrayList<>();
    private final TaskManager tasks;
    private String failure;
    private Instant established;
    private long lastInboundNanos;
    private final Timers timers = new Timers();
    /** The SA a colliding peer IKE rekey created while we rekeyed this one, with that exchange's nonces. */
    private IkeSa collidingReplacement;
    private byte[][] collidingNonces;

    /** The timers an IKE SA keeps; all cancelled when it goes. */
    static final class Timers {
        IkeScheduler.Timer dpd;
        IkeScheduler.Timer keepalive;
        IkeScheduler.Timer halfOpen;
        IkeScheduler.Timer rekey;
        IkeScheduler.Timer expire;

        void cancelAll() {
            for (IkeScheduler.Timer t : new IkeScheduler.Timer[]{dpd, keepalive, halfOpen, rekey, expire}) {
                if (t != null) t.cancel();
            }
            dpd = keepalive = halfOpen = rekey = expire = null;
        }
    }

    IkeSa(IkeContext context, IkeRole role, long spiI, long spiR, InetSocketAddress local, InetSocketAddress remote,
          RetransmitPolicy retransmits) {
        this.context = context;
        this.role = role;
        this.spiI = spiI;
        this.spiR = spiR;
        this.local = local;
        this.remote = remote;
        this.tasks = new TaskManager(this, retransmits);
        this.lastInboundNanos = context.scheduler().nanoTime();
    }

    public IkeContext context() { return context; }

    /** Our role in this IKE SA: INITIATOR when we sent its IKE_SA_INIT. */
    public IkeRole role() { return role; }

    public boolean isInitiator() { return role == IkeRole.INITIATOR; }

    public long initiatorSpi() { return spiI; }

    public long responderSpi() { return spiR; }

    /** The initiator learns the responder's SPI from the IKE_SA_INIT response. */
    public void setResponderSpi(long spi) { this.spiR = spi; }

    /** Our own SPI: the one peers put in the header field for us. */
    public long localSpi() { return isInitiator() ? spiI : spiR; }

    public IkeSaState state() { return state; }

    /** Moves to {@code next}, logging; an illegal move is refused and logged. */
    public boolean moveTo(IkeSaState next) {
        if (state == next) return true;
        if (!state.canMoveTo(next)) {
            LOG.log(System.Logger.Level.WARNING, this + ": refused state move " + state + " -> " + next);
            return false;
        }
        LOG.log(System.Logger.Level.DEBUG, this + ": " + state + " -> " + next);
        state = next;
        return true;
    }

    /** The tunnel this SA serves; null for a responder SA before IKE_AUTH chose one. */
    public TunnelConfig config() { return config; }

    public void setConfig(TunnelConfig config) { this.config = config; }

    /** The tunnel's name, or the peer's address while a responder SA has none. */
    public String tunnelName() {
        return config != null ? config.name() : io.vpnd.net.Addresses.format(remote.getAddress());
    }

    /** Responder: tunnels that may serve this peer, until IKE_AUTH's identities pick one. */
    public List<TunnelConfig> candidates() { return candidates; }

    public void setCandidates(List<TunnelConfig> candidates) { this.candidates = List.copyOf(candidates); }

    public InetSocketAddress local() { return local; }

    public InetSocketAddress remote() { return remote; }

    /** Updates the peer's endpoint (after NAT detection, or when a NATed peer's mapping moves). */
    public void setRemote(InetSocketAddress remote) {
        if (remote.equals(this.remote)) return;
        this.remote = remote;
        if (config != null && state == IkeSaState.ESTABLISHED) context.events().peerEndpoint(config.name(), remote);
    }

    public void setLocal(InetSocketAddress local) { this.local = local; }

    /** True once IKE runs on the NAT-T port (always after IKE_SA_INIT: vpnd forces UDP encapsulation). */
    public boolean natT() { return natT; }

    /** Moves IKE to the NAT-T ports (RFC 7296 §2.23), ours and the peer's. */
    public void floatToNatT(int peerNatPort) {
        natT = true;
        local = new InetSocketAddress(local.getAddress(), context.natPort());
        remote = new InetSocketAddress(remote.getAddress(), peerNatPort);
    }

    public boolean natLocal() { return natLocal; }

    public boolean natRemote() { return natRemote; }

    public void setNat(boolean local, boolean remote) {
        this.natLocal = local;
        this.natRemote = remote;
    }

    public byte[] nonceI() { return nonceI; }

    public byte[] nonceR() { return nonceR; }

    public void setNonces(byte[] ni, byte[] nr) {
        this.nonceI = ni;
        this.nonceR = nr;
    }

    public Proposal proposal() { return proposal; }

    /** Installs the IKE SA's keys: from now on messages are protected. */
    public void setKeys(Proposal proposal, IkeKeyMaterial keys) {
        this.proposal = proposal;
        if (this.keys != null) this.keys.destroy();
        this.keys = keys;
        this.inbound = keys.inboundCipher(role);
        this.outbound = keys.outboundCipher(role);
    }

    public boolean hasKeys() { return keys != null; }

    public IkeKeyMaterial keys() { return keys; }

    public SkCipher inboundCipher() { return inbound; }

    public SkCipher outboundCipher() { return outbound; }

    /** The IKE_SA_INIT request and response as sent on the wire: AUTH signs them. */
    public byte[] initRequest() { return initRequest; }

    public byte[] initResponse() { return initResponse; }

    void recordInitMessage(boolean response, byte[] bytes) {
        if (response) initResponse = bytes;
        else initRequest = bytes;
    }

    public boolean peerSupportsFragmentation() { return peerFragmentation; }

    public void setPeerFragmentation(boolean on) { this.peerFragmentation = on; }

    /** Hash algorithms the peer accepts for RFC 7427 signatures (empty: classic methods only). */
    public List<SignatureHashAlgorithm> peerHashes() { return peerHashes; }

    public void setPeerHashes(List<SignatureHashAlgorithm> hashes) { this.peerHashes = List.copyOf(hashes); }

    /** The peer's authenticated identity, for logs and status. */
    public String peerId() { return peerId; }

    public void setPeerId(String peerId) { this.peerId = peerId; }

    public List<ChildSa> children() { return children; }

    public TaskManager tasks() { return tasks; }

    /** Why this SA failed or went away (AUTH_FAILED, NO_PROPOSAL_CHOSEN, …), or null. */
    public String failure() { return failure; }

    /** Records the first reason this SA is failing; later ones are consequences. */
    public void fail(String reason) {
        if (failure == null) failure = reason;
    }

    public Instant established() { return established; }

    void markEstablished() {
        moveTo(IkeSaState.ESTABLISHED);
        established = context.scheduler().now();
    }

    /** Monotonic time the peer last proved alive (an authenticated IKE message). */
    public long lastInboundNanos() { return lastInboundNanos; }

    void touchInbound() { lastInboundNanos = context.scheduler().nanoTime(); }

    Timers timers() { return timers; }

    /** Records the replacement a colliding peer rekey of this IKE SA created (RFC 7296 §2.8.2). */
    public void recordCollision(IkeSa replacement, byte[] ni, byte[] nr) {
        this.collidingReplacement = replacement;
        this.collidingNonces = new byte[][]{ni, nr};
    }

    public IkeSa collidingReplacement() { return collidingReplacement; }

    public byte[][] collidingNonces() { return collidingNonces; }

    /** Copies what the peer told us in IKE_SA_INIT/IKE_AUTH onto the SA that replaces this one. */
    void inheritFrom(IkeSa old) {
        this.config = old.config;
        this.natT = old.natT;
        this.natLocal = old.natLocal;
        this.natRemote = old.natRemote;
        this.peerFragmentation = old.peerFragmentation;
        this.peerHashes = old.peerHashes;
        this.peerId = old.peerId;
        this.state = IkeSaState.CONNECTING;
    }

    /** Handles one received, decoded message for this SA (already decrypted if protected). */
    void receive(IkeMessage message, byte[] raw, InetSocketAddress from) {
        touchInbound();
        if (natT && (natRemote || natLocal) && hasKeys() && !from.equals(remote)) {
            // RFC 7296 §2.23: behind a NAT, follow the peer to its latest address
            setRemote(from);
        }
        tasks.receive(message, raw);
    }

    @Override
    public String toString() {
        return String.format("IKE_SA %s[%016x_i%s %016x_r%s] %s", tunnelName(), spiI, isInitiator() ? "*" : "", spiR,
                isInitiator() ? "" : "*", proposal == null ? "" : ProposalParser.toStrongSwanString(proposal));
    }
}

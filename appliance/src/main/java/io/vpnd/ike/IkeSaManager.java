package io.vpnd.ike;

import io.vpnd.api.SaView;
import io.vpnd.config.DpdConfig;
import io.vpnd.config.StartAction;
import io.vpnd.config.TunnelConfig;
import io.vpnd.crypto.ProposalParser;
import io.vpnd.esp.SaDirection;
import io.vpnd.esp.SaInstaller;
import io.vpnd.esp.SaStats;
import io.vpnd.ike.crypto.IkeRandom;
import io.vpnd.ike.crypto.IkeRole;
import io.vpnd.ike.crypto.SkCipher;
import io.vpnd.ike.message.FragmentAssembler;
import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeHeader;
import io.vpnd.ike.message.IkeMessage;
import io.vpnd.ike.message.IkeProtocolException;
import io.vpnd.ike.message.PayloadRules;
import io.vpnd.ike.task.ChildCreateTask;
import io.vpnd.ike.task.DpdTask;
import io.vpnd.ike.task.IkeAuthTask;
import io.vpnd.ike.task.IkeDeleteTask;
import io.vpnd.ike.task.IkeInitTask;
import io.vpnd.ike.task.IkeTask;
import io.vpnd.ike.task.ResponderTasks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * All IKE SAs of the daemon (strongSwan's {@code ike_sa_manager}): finds the SA a datagram
 * belongs to, creates responder SAs for new IKE_SA_INITs, initiates and re-initiates tunnels,
 * runs DPD and NAT keepalives, and tears SAs down. Everything runs on the {@link IkeScheduler}'s
 * single thread; the public methods may be called from any thread.
 */
public final class IkeSaManager implements IkeContext {
    private static final System.Logger LOG = System.getLogger(IkeSaManager.class.getName());
    /** A responder SA that is not authenticated within this time is dropped. */
    static final Duration HALF_OPEN_TIMEOUT = Duration.ofSeconds(30);
    /** NAT keepalive interval (RFC 3948 §2.3 suggests 20 s; strongSwan's default). */
    static final Duration KEEPALIVE_INTERVAL = Duration.ofSeconds(20);
    /** Longest wait between attempts to bring up an initiating tunnel. */
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(60);
    /** Half-open SAs above which new initiators must return a COOKIE first (RFC 7296 §2.6). */
    static final int COOKIE_THRESHOLD = 16;
    /** Half-open SAs one address may hold; more from it are dropped (strongSwan's block_threshold). */
    static final int HALF_OPEN_PER_PEER = 8;
    /**
     * Our own IKE_SA_INIT/IKE_AUTH exchanges in flight to one peer address. Below strongSwan's
     * block_threshold (5) and our {@link #HALF_OPEN_PER_PEER}, so that many tunnels to one gateway
     * never trip its flood protection and crawl through retransmit back-off; the rest wait.
     */
    static final int INITIATING_PER_PEER = 4;
    /** How soon a tunnel held back by {@link #INITIATING_PER_PEER} looks again. */
    static final Duration INITIATE_PACING = Duration.ofMillis(50);
    /** Half-open SAs in all; beyond this IKE_SA_INIT requests are dropped even with a cookie. */
    static final int HALF_OPEN_MAX = 1024;
    /** Datagrams waiting for the IKE thread; a flood beyond this is dropped at the door. */
    static final int RECEIVE_QUEUE_MAX = 2048;
    /** strongSwan's default inbound SPI range, so SPIs look familiar in mixed logs. */
    private static final int CHILD_SPI_BASE = 0xc0000000;

    private final IkeScheduler scheduler;
    private final IkeNetwork network;
    private final SaInstaller installer;
    private final IkeTunnelEvents events;
    private final int ikePort;
    private final int natPort;
    private final RetransmitPolicy policy;
    private final Clock clock;
    private final Map<Long, IkeSa> bySpi = new HashMap<>();
    private final Map<HalfOpenKey, IkeSa> halfOpen = new HashMap<>();
    private final Map<IkeSa, FragmentAssembler> assemblers = new HashMap<>();
    private final Map<String, TunnelRuntime> tunnels = new LinkedHashMap<>();
    private final Map<String, TunnelCredentials> credentials = new HashMap<>();
    private final Set<Integer> childSpis = new HashSet<>();
    private final io.vpnd.ike.crypto.CookieGenerator cookies;
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong overflow = new java.util.concurrent.atomic.AtomicLong();
    private volatile long dropped;
    private volatile long cookiesSent;

    private record HalfOpenKey(InetAddress peer, long initiatorSpi) {
    }

    /** IKE's view of one tunnel. */
    private static final class TunnelRuntime {
        TunnelConfig config;
        final List<IkeSa> sas = new ArrayList<>();
        boolean wantUp;
        boolean up;
        int failures;
        /** Why the tunnel last went down, shown while it reconnects. */
        String lastFailure;
        IkeScheduler.Timer retry;

        TunnelRuntime(TunnelConfig config) {
            this.config = config;
        }
    }

    public IkeSaManager(IkeScheduler scheduler, IkeNetwork network, SaInstaller installer, IkeTunnelEvents events,
                        int ikePort, int natPort, RetransmitPolicy policy, Clock clock) {
        this.scheduler = scheduler;
        this.network = network;
        this.installer = installer;
        this.events = new TrackingEvents(events);
        this.ikePort = ikePort;
        this.natPort = natPort;
        this.policy = policy;
        this.clock = clock;
        this.cookies = new io.vpnd.ike.crypto.CookieGenerator(clock, Duration.ofMinutes(2));
    }

    // ---------------------------------------------------------------- public, any thread

    /** Adds a tunnel that IKE serves (as responder at once; as initiator after {@link #initiate}). */
    public void register(TunnelConfig config) {
        onIkeThread(() -> {
            TunnelRuntime rt = tunnels.get(config.name());
            if (rt == null) tunnels.put(config.name(), new TunnelRuntime(config));
            else rt.config = config;
            credentials.remove(config.name());
        });
    }

    /** Tears the tunnel's SAs down (sending DELETE) and forgets the tunnel. */
    public void unregister(String tunnel, String reason) {
        onIkeThread(() -> {
            terminate0(tunnel, reason);
            tunnels.remove(tunnel);
            credentials.remove(tunnel);
        });
    }

    /** Brings the tunnel up as initiator, and keeps it up (re-initiating after failures). */
    public void initiate(String tunnel) {
        onIkeThread(() -> {
            TunnelRuntime rt = tunnels.get(tunnel);
            if (rt == null) return;
            rt.wantUp = true;
            rt.failures = 0;
            if (rt.sas.stream().noneMatch(s -> s.state() != IkeSaState.DESTROYED)) initiate0(rt);
        });
    }

    /** Deletes the tunnel's SAs (DELETE sent to the peer) and stops re-initiating it. */
    public void terminate(String tunnel, String reason) {
        onIkeThread(() -> terminate0(tunnel, reason));
    }

    /** Deletes every SA, telling each peer; returns once the DELETEs are sent. */
    public void shutdown(Duration timeout) {
        call(() -> {
            for (String t : new ArrayList<>(tunnels.keySet())) terminate0(t, "SHUTDOWN");
            for (IkeSa sa : new ArrayList<>(bySpi.values())) destroy(sa, "SHUTDOWN");
            return null;
        }, timeout);
    }

    /** A datagram for IKE from the data plane (any thread). */
    public void receive(InetSocketAddress local, InetSocketAddress remote, byte[] message, boolean natT) {
        if (queued.incrementAndGet() > RECEIVE_QUEUE_MAX) {
            queued.decrementAndGet();
            overflow.incrementAndGet();
            return;
        }
        scheduler.execute(() -> {
            queued.decrementAndGet();
            dispatch(local, remote, message, natT);
        });
    }

    /** IKE datagrams dropped because the IKE thread was too far behind (a flood). */
    public long receiveOverflows() {
        return overflow.get();
    }

    /** N(COOKIE) challenges sent. */
    public long cookiesSent() {
        return cookiesSent;
    }

    /** The IKE and Child SAs of a tunnel, for {@code vpnctl sas}. */
    public List<SaView> views(String tunnel) {
        List<SaView> v = call(() -> views0(tunnel), Duration.ofSeconds(5));
        return v == null ? List.of() : v;
    }

    /** Installed Child SA pairs of a tunnel. */
    public int childSaCount(String tunnel) {
        Integer n = call(() -> {
            TunnelRuntime rt = tunnels.get(tunnel);
            return rt == null ? 0 : rt.sas.stream().mapToInt(s -> s.children().size()).sum();
        }, Duration.ofSeconds(5));
        return n == null ? 0 : n;
    }

    /** The tunnel's IKE SAs (tests; call on the IKE thread). */
    List<IkeSa> ikeSas(String tunnel) {
        TunnelRuntime rt = tunnels.get(tunnel);
        return rt == null ? List.of() : List.copyOf(rt.sas);
    }

    /** Every IKE SA, half-open ones included (tests; call on the IKE thread). */
    List<IkeSa> allIkeSas() {
        return List.copyOf(bySpi.values());
    }

    /** Datagrams dropped before reaching an SA (unknown SPI, malformed, failed integrity). */
    public long droppedMessages() {
        return dropped;
    }

    private void onIkeThread(Runnable r) {
        if (scheduler.inIkeThread()) r.run();
        else scheduler.execute(r);
    }

    private <T> T call(Supplier<T> s, Duration timeout) {
        if (scheduler.inIkeThread()) return s.get();
        CompletableFuture<T> f = new CompletableFuture<>();
        scheduler.execute(() -> {
            try {
                f.complete(s.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "IKE thread did not answer within " + timeout + ": " + e);
            return null;
        }
    }

    // ---------------------------------------------------------------- IKE thread

    private void initiate0(TunnelRuntime rt) {
        if (rt.retry != null) {
            rt.retry.cancel();
            rt.retry = null;
        }
        TunnelConfig c = rt.config;
        if (c.remote().address().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "tunnel " + c.name() + ": cannot initiate to remote.address any; waiting for the peer");
            return;
        }
        InetSocketAddress local = new InetSocketAddress(c.local().address(), ikePort);
        InetSocketAddress remote = new InetSocketAddress(c.remote().address().get(), c.remote().port());
        if (initiatingTo(remote) >= INITIATING_PER_PEER) {
            scheduleInitiate(rt, INITIATE_PACING);
            return;
        }
        IkeSa sa = new IkeSa(this, IkeRole.INITIATOR, newIkeSpi(), 0, local, remote, policy);
        sa.setConfig(c);
        bySpi.put(sa.localSpi(), sa);
        rt.sas.add(sa);
        // while reconnecting, the reason is still what took the tunnel down
        events.connecting(c.name(), rt.lastFailure != null ? rt.lastFailure : "INITIATING");
        LOG.log(System.Logger.Level.INFO, "tunnel " + c.name() + ": initiating IKE_SA to " + remote);
        sa.tasks().queue(new IkeInitTask(sa));
        sa.tasks().queue(new IkeAuthTask(sa, rt.sas.stream().noneMatch(s -> s != sa && s.state() == IkeSaState.ESTABLISHED)));
        sa.tasks().queue(new ChildCreateTask(sa));
        sa.tasks().initiate();
    }

    private void terminate0(String tunnel, String reason) {
        TunnelRuntime rt = tunnels.get(tunnel);
        if (rt == null) return;
        rt.wantUp = false;
        if (rt.retry != null) {
            rt.retry.cancel();
            rt.retry = null;
        }
        for (IkeSa sa : new ArrayList<>(rt.sas)) deleteAndDestroy(sa, reason);
    }

    /** Sends a DELETE for {@code sa} once (no retransmits: we are going away) and destroys it. */
    @Override
    public void deleteAndDestroy(IkeSa sa, String reason) {
        if (sa.state() == IkeSaState.ESTABLISHED || sa.state() == IkeSaState.REKEYING) {
            sa.moveTo(IkeSaState.DELETING);
            sa.tasks().sendOnce(new IkeDeleteTask(sa, reason));
        }
        destroy(sa, reason);
    }

    private void dispatch(InetSocketAddress local, InetSocketAddress remote, byte[] bytes, boolean natT) {
        IkeHeader h;
        try {
            h = IkeHeader.decode(bytes);
        } catch (IkeProtocolException e) {
            drop(remote, "malformed IKE header: " + e.getMessage());
            return;
        }
        IkeSa sa;
        boolean newInit = h.exchangeType() == ExchangeType.IKE_SA_INIT && !h.responseFlag() && h.responderSpi() == 0;
        if (newInit) {
            if (!h.initiatorFlag()) {
                drop(remote, "IKE_SA_INIT request without the Initiator flag");
                return;
            }
            sa = halfOpen.get(new HalfOpenKey(remote.getAddress(), h.initiatorSpi()));
        } else {
            long ours = h.initiatorFlag() ? h.responderSpi() : h.initiatorSpi();
            sa = bySpi.get(ours);
            if (sa != null && sa.isInitiator() == h.initiatorFlag()) sa = null;
            if (sa == null) {
                drop(remote, "no IKE SA with SPI " + Long.toHexString(ours));
                return;
            }
        }
        IkeMessage m;
        try {
            m = IkeMessage.decodeUnprotected(bytes);
        } catch (IkeProtocolException e) {
            drop(remote, "malformed " + h.exchangeType() + ": " + e.getMessage());
            return;
        }
        if (sa == null) {
            if (!admitNewSa(m, remote, natT)) return;
            sa = newResponderSa(local, remote, h.initiatorSpi(), natT);
        }
        m = open(sa, m, remote);
        if (m == null) return;
        if (!acceptable(sa, m)) {
            drop(remote, m.exchangeType() + (m.isResponse() ? " response" : " request") + " not expected in state " + sa.state());
            return;
        }
        if (natT && !sa.natT()) {
            // the peer floated to the NAT-T port (RFC 7296 §2.23): follow it there
            sa.floatToNatT(remote.getPort());
        }
        sa.receive(m, bytes, remote);
    }

    /**
     * Whether a new IKE_SA_INIT may create state (RFC 7296 §2.6): under load the initiator must
     * first prove it receives at its address by returning a COOKIE, which costs us no state; one
     * address cannot hold more than a few half-open SAs, and there is a hard cap in all.
     */
    private boolean admitNewSa(IkeMessage m, InetSocketAddress remote, boolean natT) {
        int total = halfOpen.size();
        if (total >= HALF_OPEN_MAX) {
            drop(remote, "too many half-open IKE SAs (" + total + ")");
            return false;
        }
        long fromPeer = halfOpen.keySet().stream().filter(k -> k.peer().equals(remote.getAddress())).count();
        if (fromPeer >= HALF_OPEN_PER_PEER) {
            drop(remote, "too many half-open IKE SAs from this address (" + fromPeer + ")");
            return false;
        }
        if (total < COOKIE_THRESHOLD) return true;
        var nonce = m.payload(io.vpnd.ike.message.NoncePayload.class);
        if (nonce.isEmpty()) return false;
        var cookie = m.notify(io.vpnd.ike.message.IkeConstants.NotifyType.COOKIE);
        if (cookie.isPresent() && cookies.verify(cookie.get().data(), nonce.get().nonce(), remote.getAddress(),
                m.header().initiatorSpi())) {
            return true;
        }
        byte[] challenge = cookies.generate(nonce.get().nonce(), remote.getAddress(), m.header().initiatorSpi());
        IkeHeader h = IkeHeader.of(m.header().initiatorSpi(), 0, ExchangeType.IKE_SA_INIT, false, true, 0);
        network.send(remote, IkeMessage.unprotected(h, List.of(io.vpnd.ike.message.NotifyPayload.of(
                io.vpnd.ike.message.IkeConstants.NotifyType.COOKIE, challenge))).encode(null), natT);
        cookiesSent++;
        return false;
    }

    /** Verifies and decrypts a protected message (reassembling fragments); null when it must be dropped. */
    private IkeMessage open(IkeSa sa, IkeMessage m, InetSocketAddress remote) {
        try {
            switch (m.protection()) {
                case NONE:
                    if (m.exchangeType() != ExchangeType.IKE_SA_INIT) {
                        drop(remote, "unprotected " + m.exchangeType());
                        return null;
                    }
                    return m;
                case SEALED:
                    if (!sa.hasKeys()) {
                        drop(remote, "protected message before keys");
                        return null;
                    }
                    return m.decrypt(sa.inboundCipher());
                case SEALED_FRAGMENT: {
                    if (!sa.hasKeys()) return null;
                    FragmentAssembler a = assemblers.computeIfAbsent(sa, k -> new FragmentAssembler());
                    FragmentAssembler.Result r = a.add(m, sa.inboundCipher());
                    if (r.status() != FragmentAssembler.Status.COMPLETE) return null;
                    PayloadRules.check(r.message());
                    return r.message();
                }
                default:
                    return m;
            }
        } catch (SkCipher.IntegrityCheckFailedException e) {
            drop(remote, "integrity check failed for " + sa);
            return null;
        } catch (IkeProtocolException e) {
            drop(remote, "invalid authenticated " + m.exchangeType() + ": " + e.getMessage());
            return null;
        }
    }

    /** Which messages an SA takes in which state (checked before any task sees them). */
    private static boolean acceptable(IkeSa sa, IkeMessage m) {
        IkeSaState s = sa.state();
        if (s == IkeSaState.DESTROYED) return false;
        ExchangeType t = m.exchangeType();
        if (m.isResponse()) return true; // the task manager matches responses to its request
        return switch (t) {
            case IKE_SA_INIT -> !sa.isInitiator() && (s == IkeSaState.CREATED || s == IkeSaState.CONNECTING);
            case IKE_AUTH -> !sa.isInitiator() && sa.hasKeys() && (s == IkeSaState.CONNECTING || s == IkeSaState.ESTABLISHED);
            case CREATE_CHILD_SA, INFORMATIONAL -> s == IkeSaState.ESTABLISHED || s == IkeSaState.REKEYING
                    || s == IkeSaState.REKEYED || s == IkeSaState.DELETING;
        };
    }

    private IkeSa newResponderSa(InetSocketAddress local, InetSocketAddress remote, long spiI, boolean natT) {
        IkeSa sa = new IkeSa(this, IkeRole.RESPONDER, spiI, newIkeSpi(), local, remote, policy);
        if (natT) sa.floatToNatT(remote.getPort());
        sa.setCandidates(responderCandidates(local, remote));
        bySpi.put(sa.localSpi(), sa);
        halfOpen.put(new HalfOpenKey(remote.getAddress(), spiI), sa);
        sa.timers().halfOpen = scheduler.schedule(HALF_OPEN_TIMEOUT, () -> {
            if (sa.state() != IkeSaState.ESTABLISHED && sa.state() != IkeSaState.DESTROYED) {
                LOG.log(System.Logger.Level.INFO, sa + ": not authenticated within " + HALF_OPEN_TIMEOUT.toSeconds() + " s, dropped");
                destroy(sa, "HALF_OPEN_TIMEOUT");
            }
        });
        return sa;
    }

    private void drop(InetSocketAddress from, String why) {
        dropped++;
        LOG.log(System.Logger.Level.DEBUG, "IKE datagram from " + from + " dropped: " + why);
    }

    @Override
    public long newIkeSpi() {
        long spi;
        do {
            spi = IkeRandom.secureRandom().nextLong();
        } while (spi == 0 || bySpi.containsKey(spi));
        return spi;
    }

    // ---------------------------------------------------------------- IkeContext

    @Override
    public IkeScheduler scheduler() {
        return scheduler;
    }

    @Override
    public IkeNetwork network() {
        return network;
    }

    @Override
    public SaInstaller installer() {
        return installer;
    }

    @Override
    public IkeTunnelEvents events() {
        return events;
    }

    @Override
    public List<IkeTask> responderTasks(IkeSa sa, IkeMessage request) {
        return ResponderTasks.forRequest(sa, request);
    }

    @Override
    public int allocateChildSpi(String tunnel) {
        int spi;
        do {
            spi = installer.steerInboundSpi(tunnel, CHILD_SPI_BASE | (IkeRandom.secureRandom().nextInt() & 0x0fffffff));
        } while (!childSpis.add(spi));
        return spi;
    }

    @Override
    public void releaseChildSpi(int spi) {
        childSpis.remove(spi);
    }

    @Override
    public List<TunnelConfig> responderCandidates(InetSocketAddress local, InetSocketAddress remote) {
        List<TunnelConfig> exact = new ArrayList<>();
        List<TunnelConfig> any = new ArrayList<>();
        for (TunnelRuntime rt : tunnels.values()) {
            TunnelConfig c = rt.config;
            if (local != null && local.getAddress() != null && !local.getAddress().isAnyLocalAddress()
                    && !c.local().address().equals(local.getAddress())) continue;
            if (c.remote().address().isEmpty()) any.add(c);
            else if (c.remote().address().get().equals(remote.getAddress())) exact.add(c);
        }
        exact.addAll(any);
        return exact;
    }

    @Override
    public TunnelCredentials credentials(TunnelConfig tunnel) throws TunnelCredentials.CredentialLoadException {
        TunnelCredentials c = credentials.get(tunnel.name());
        if (c == null) {
            if (tunnel.auth().isEmpty()) throw new TunnelCredentials.CredentialLoadException("no auth configured", null);
            c = TunnelCredentials.load(tunnel.auth().get(), clock);
            credentials.put(tunnel.name(), c);
        }
        return c;
    }

    @Override
    public int ikePort() {
        return ikePort;
    }

    @Override
    public int natPort() {
        return natPort;
    }

    @Override
    public void initialContact(IkeSa sa) {
        TunnelRuntime rt = tunnels.get(sa.config().name());
        if (rt == null) return;
        for (IkeSa other : new ArrayList<>(rt.sas)) {
            if (other != sa && other.state() == IkeSaState.ESTABLISHED) {
                LOG.log(System.Logger.Level.INFO, other + ": the peer restarted (INITIAL_CONTACT), removing the old SA");
                destroy(other, "PEER_RESTARTED");
            }
        }
    }

    @Override
    public IkeSa createRekeyedSa(IkeSa old, IkeRole role, long spiI, long spiR) {
        IkeSa sa = new IkeSa(this, role, spiI, spiR, old.local(), old.remote(), policy);
        sa.inheritFrom(old);
        bySpi.put(sa.localSpi(), sa);
        TunnelRuntime rt = tunnels.get(old.config().name());
        if (rt != null) rt.sas.add(sa);
        return sa;
    }

    @Override
    public void adoptChildren(IkeSa from, IkeSa to) {
        for (ChildSa c : List.copyOf(from.children())) {
            from.children().remove(c);
            to.children().add(c);
            c.owner = to;
        }
    }

    @Override
    public void childInstalled(IkeSa sa, ChildSa child) {
        var esp = sa.config().esp();
        Duration rekey = esp.rekeyAfter(IkeRandom.secureRandom().nextDouble());
        child.rekeyTimer = scheduler.schedule(rekey, () -> rekeyChild(child.owner(), child, "lifetime"));
        child.expireTimer = scheduler.schedule(esp.lifetime(), () -> expireChild(child.owner(), child));
    }

    private void rekeyChild(IkeSa sa, ChildSa child, String why) {
        child.rekeyTimer = null;
        if (child.state() != ChildSaState.INSTALLED || sa.state() != IkeSaState.ESTABLISHED) return;
        LOG.log(System.Logger.Level.INFO, "tunnel " + sa.config().name() + ": rekeying CHILD_SA "
                + String.format("%08x_i %08x_o", child.spiIn(), child.spiOut()) + " (" + why + ")");
        sa.tasks().queue(ChildCreateTask.rekey(sa, child));
        sa.tasks().initiate();
    }

    /** Hard lifetime: the SA goes; a tunnel left without any gets a fresh Child SA. */
    private void expireChild(IkeSa sa, ChildSa child) {
        child.expireTimer = null;
        if (child.state() == ChildSaState.DESTROYED || sa.state() == IkeSaState.DESTROYED) return;
        LOG.log(System.Logger.Level.INFO, "tunnel " + sa.config().name() + ": CHILD_SA "
                + String.format("%08x_i", child.spiIn()) + " reached its lifetime");
        sa.tasks().queue(new io.vpnd.ike.task.ChildDeleteTask(sa, List.of(child), "EXPIRED"));
        boolean othersLeft = sa.children().stream().anyMatch(c -> c != child && c.state() != ChildSaState.DESTROYED
                && c.state() != ChildSaState.DELETING);
        if (!othersLeft) sa.tasks().queue(ChildCreateTask.create(sa));
        sa.tasks().initiate();
    }

    /** Rekeys every Child SA of the tunnel now (tests, and an admin's forced rekey). */
    void rekeyChildrenNow(String tunnel) {
        TunnelRuntime rt = tunnels.get(tunnel);
        if (rt == null) return;
        for (IkeSa sa : List.copyOf(rt.sas)) {
            for (ChildSa c : List.copyOf(sa.children())) {
                if (c.rekeyTimer != null) c.rekeyTimer.cancel();
                rekeyChild(sa, c, "forced");
            }
        }
    }

    /** Volume limits from the data plane: soft starts a rekey, hard removes the SA. */
    public void saExpired(String tunnel, int spi, SaDirection direction, boolean hard) {
        onIkeThread(() -> {
            TunnelRuntime rt = tunnels.get(tunnel);
            if (rt == null) return;
            for (IkeSa sa : rt.sas) {
                for (ChildSa c : List.copyOf(sa.children())) {
                    if ((direction == SaDirection.INBOUND ? c.spiIn() : c.spiOut()) != spi) continue;
                    if (hard) expireChild(sa, c);
                    else rekeyChild(sa, c, "volume limit");
                }
            }
        });
    }

    @Override
    public void established(IkeSa sa) {
        sa.markEstablished();
        if (sa.timers().halfOpen != null) {
            sa.timers().halfOpen.cancel();
            sa.timers().halfOpen = null;
        }
        halfOpen.values().remove(sa);
        TunnelRuntime rt = tunnels.get(sa.config().name());
        if (rt != null && !rt.sas.contains(sa)) rt.sas.add(sa);
        LOG.log(System.Logger.Level.INFO, "tunnel " + sa.config().name() + ": " + sa + " established between "
                + io.vpnd.net.Addresses.format(sa.local().getAddress()) + "[" + sa.config().local().id().value() + "]..."
                + io.vpnd.net.Addresses.format(sa.remote().getAddress()) + "[" + sa.peerId() + "]");
        events.ikeSaEstablished(sa.config().name());
        events.peerEndpoint(sa.config().name(), sa.remote());
        scheduleDpd(sa);
        if (sa.natLocal()) scheduleKeepalive(sa);
        var ike = sa.config().ike();
        sa.timers().rekey = scheduler.schedule(ike.rekeyAfter(IkeRandom.secureRandom().nextDouble()), () -> rekeyIke(sa, "lifetime"));
        sa.timers().expire = scheduler.schedule(ike.lifetime(), () -> {
            if (sa.state() == IkeSaState.DESTROYED) return;
            LOG.log(System.Logger.Level.WARNING, sa + ": reached its lifetime without a rekey; deleting it");
            deleteAndDestroy(sa, "IKE_EXPIRED");
        });
    }

    private void rekeyIke(IkeSa sa, String why) {
        sa.timers().rekey = null;
        if (sa.state() != IkeSaState.ESTABLISHED || sa.tasks().has(io.vpnd.ike.task.IkeRekeyTask.class)) return;
        LOG.log(System.Logger.Level.INFO, sa + ": rekeying (" + why + ")");
        sa.tasks().queue(new io.vpnd.ike.task.IkeRekeyTask(sa));
        sa.tasks().initiate();
    }

    /** Rekeys the tunnel's IKE SAs now (tests, and an admin's forced rekey). */
    void rekeyIkeNow(String tunnel) {
        TunnelRuntime rt = tunnels.get(tunnel);
        if (rt == null) return;
        for (IkeSa sa : List.copyOf(rt.sas)) {
            if (sa.timers().rekey != null) sa.timers().rekey.cancel();
            rekeyIke(sa, "forced");
        }
    }

    @Override
    public void destroy(IkeSa sa, String reason) {
        if (sa.state() == IkeSaState.DESTROYED) return;
        sa.fail(reason);
        sa.tasks().abort();
        sa.timers().cancelAll();
        for (ChildSa child : new ArrayList<>(sa.children())) ChildSaInstaller.uninstall(sa, child);
        bySpi.remove(sa.localSpi(), sa);
        halfOpen.values().remove(sa);
        assemblers.remove(sa);
        sa.moveTo(IkeSaState.DESTROYED);
        if (sa.keys() != null) sa.keys().destroy();
        if (sa.config() == null) return;
        TunnelRuntime rt = tunnels.get(sa.config().name());
        if (rt == null || !rt.sas.remove(sa)) return;
        LOG.log(System.Logger.Level.INFO, "tunnel " + rt.config.name() + ": " + sa + " deleted (" + reason + ")");
        boolean childrenLeft = rt.sas.stream().anyMatch(s -> !s.children().isEmpty());
        boolean othersConnecting = rt.sas.stream().anyMatch(s -> s.state() == IkeSaState.CONNECTING || s.state() == IkeSaState.CREATED);
        if (!childrenLeft && !othersConnecting) events.down(rt.config.name(), reason);
        if ("DPD_TIMEOUT".equals(reason)) events.dpdTimeout(rt.config.name());
        if (!childrenLeft && !othersConnecting) maybeRetry(rt, reason);
    }

    /** After a failure, brings an initiating tunnel (or one whose DPD action is restart) back. */
    private void maybeRetry(TunnelRuntime rt, String reason) {
        TunnelConfig c = rt.config;
        boolean dpdRestart = ("DPD_TIMEOUT".equals(reason) || "PEER_UNREACHABLE".equals(reason))
                && c.dpd().action() == DpdConfig.DpdAction.RESTART && c.remote().address().isPresent();
        boolean initiator = rt.wantUp && c.start() == StartAction.INITIATE;
        if (!(initiator || dpdRestart) || "SHUTDOWN".equals(reason) || "ADMIN_DOWN".equals(reason)) return;
        if (!rt.wantUp && !dpdRestart) return;
        rt.wantUp = true;
        rt.lastFailure = reason;
        long seconds = dpdRestart && rt.failures == 0 ? 1 : Math.min(MAX_RETRY_DELAY.toSeconds(), 1L << Math.min(rt.failures + 1, 6));
        rt.failures++;
        Duration delay = Duration.ofSeconds(seconds);
        LOG.log(System.Logger.Level.INFO, "tunnel " + c.name() + ": retrying in " + seconds + " s (" + reason + ")");
        scheduleInitiate(rt, delay);
    }

    /** Initiates the tunnel after {@code delay} if it is still wanted up and has no live SA then. */
    private void scheduleInitiate(TunnelRuntime rt, Duration delay) {
        if (rt.retry != null) rt.retry.cancel();
        rt.retry = scheduler.schedule(delay, () -> {
            rt.retry = null;
            if (rt.wantUp && tunnels.get(rt.config.name()) == rt
                    && rt.sas.stream().noneMatch(s -> s.state() != IkeSaState.DESTROYED)) {
                initiate0(rt);
            }
        });
    }

    /** Our IKE SAs to {@code remote}'s address still in IKE_SA_INIT or IKE_AUTH. */
    private long initiatingTo(InetSocketAddress remote) {
        return bySpi.values().stream()
                .filter(s -> s.role() == IkeRole.INITIATOR && s.remote().getAddress().equals(remote.getAddress()))
                .filter(s -> s.state() == IkeSaState.CREATED || s.state() == IkeSaState.CONNECTING)
                .count();
    }

    /**
     * Dead peer detection as AWS and strongSwan do it: after {@code dpd.interval} without anything
     * from the peer (IKE or ESP), a liveness check; the peer is declared dead when nothing has come
     * from it for {@code dpd.timeout}, counted from its last sign of life.
     */
    private void scheduleDpd(IkeSa sa) {
        scheduleDpd(sa, sa.config().dpd().interval());
    }

    private void scheduleDpd(IkeSa sa, Duration delay) {
        DpdConfig dpd = sa.config().dpd();
        if (dpd.action() == DpdConfig.DpdAction.NONE || dpd.interval().isZero()) return;
        sa.timers().dpd = scheduler.schedule(delay, () -> {
            if (sa.state() != IkeSaState.ESTABLISHED && sa.state() != IkeSaState.REKEYING) return;
            long idle = scheduler.nanoTime() - Math.max(sa.lastInboundNanos(), lastEspInbound(sa));
            long interval = dpd.interval().toNanos();
            if (idle < interval) {
                scheduleDpd(sa, Duration.ofNanos(interval - idle));
                return;
            }
            if (!sa.tasks().has(DpdTask.class)) {
                Duration left = dpd.timeout().minusNanos(idle);
                sa.tasks().queue(new DpdTask(sa, left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left));
                sa.tasks().initiate();
            }
            scheduleDpd(sa, dpd.interval());
        });
    }

    /** ESP from the peer proves it alive as well as IKE does (strongSwan checks SA use too). */
    private long lastEspInbound(IkeSa sa) {
        long last = 0;
        for (ChildSa c : sa.children()) {
            last = Math.max(last, installer.stats(sa.config().name(), c.spiIn(), SaDirection.INBOUND)
                    .map(SaStats::lastUsedNanos).orElse(0L));
        }
        return last;
    }

    private void scheduleKeepalive(IkeSa sa) {
        sa.timers().keepalive = scheduler.schedule(KEEPALIVE_INTERVAL, () -> {
            if (sa.state() == IkeSaState.DESTROYED) return;
            network.sendKeepalive(sa.remote());
            scheduleKeepalive(sa);
        });
    }

    private List<SaView> views0(String tunnel) {
        TunnelRuntime rt = tunnels.get(tunnel);
        if (rt == null) return List.of();
        List<SaView> out = new ArrayList<>();
        for (IkeSa sa : rt.sas) {
            out.add(new SaView(tunnel, "IKE", sa.state().name(), String.format("%016x", sa.localSpi()),
                    String.format("%016x", sa.isInitiator() ? sa.responderSpi() : sa.initiatorSpi()),
                    sa.proposal() == null ? "-" : ProposalParser.toStrongSwanString(sa.proposal()),
                    sa.established() == null ? "-" : sa.established().toString(), -1, 0, 0, 0, 0, List.of(), List.of()));
            for (ChildSa c : sa.children()) {
                SaStats in = installer.stats(tunnel, c.spiIn(), SaDirection.INBOUND).orElse(new SaStats(0, 0, 0));
                SaStats outS = installer.stats(tunnel, c.spiOut(), SaDirection.OUTBOUND).orElse(new SaStats(0, 0, 0));
                out.add(new SaView(tunnel, "CHILD", c.state().name(), String.format("%08x", c.spiIn()),
                        String.format("%08x", c.spiOut()), ProposalParser.toStrongSwanString(c.proposal()),
                        c.installed().toString(), -1, in.bytes(), outS.bytes(), in.packets(), outS.packets(),
                        c.localSelectors().stream().map(Object::toString).toList(),
                        c.remoteSelectors().stream().map(Object::toString).toList()));
            }
        }
        return out;
    }

    /** Keeps the per-tunnel up/down bookkeeping in step with what is reported. */
    private final class TrackingEvents implements IkeTunnelEvents {
        private final IkeTunnelEvents delegate;

        TrackingEvents(IkeTunnelEvents delegate) {
            this.delegate = delegate;
        }

        @Override
        public void connecting(String tunnel, String reason) {
            TunnelRuntime rt = tunnels.get(tunnel);
            if (rt != null && !rt.up) delegate.connecting(tunnel, reason);
        }

        @Override
        public void up(String tunnel, String reason) {
            TunnelRuntime rt = tunnels.get(tunnel);
            if (rt != null) {
                rt.up = true;
                rt.failures = 0;
                rt.lastFailure = null;
            }
            delegate.up(tunnel, reason);
        }

        @Override
        public void down(String tunnel, String reason) {
            TunnelRuntime rt = tunnels.get(tunnel);
            if (rt != null) rt.up = false;
            delegate.down(tunnel, reason);
        }

        @Override
        public void peerEndpoint(String tunnel, InetSocketAddress endpoint) {
            delegate.peerEndpoint(tunnel, endpoint);
        }

        @Override
        public void ikeSaEstablished(String tunnel) {
            delegate.ikeSaEstablished(tunnel);
        }

        @Override
        public void childSaEstablished(String tunnel) {
            delegate.childSaEstablished(tunnel);
        }

        @Override
        public void rekeyed(String tunnel, String kind) {
            delegate.rekeyed(tunnel, kind);
        }

        @Override
        public void dpdTimeout(String tunnel) {
            delegate.dpdTimeout(tunnel);
        }

        @Override
        public void roundTrip(String tunnel, Duration rtt) {
            delegate.roundTrip(tunnel, rtt);
        }
    }
}

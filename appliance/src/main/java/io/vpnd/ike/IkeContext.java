package io.vpnd.ike;

import io.vpnd.config.TunnelConfig;
import io.vpnd.esp.SaInstaller;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What an IKE SA and its tasks may use of the daemon around them; {@link IkeSaManager}
 * implements it, tests may fake it.
 */
public interface IkeContext {
    IkeScheduler scheduler();

    /** Where IKE datagrams go. */
    IkeNetwork network();

    /** The tasks that answer {@code request} on {@code sa} (responder side of an exchange). */
    java.util.List<io.vpnd.ike.task.IkeTask> responderTasks(IkeSa sa, io.vpnd.ike.message.IkeMessage request);

    /**
     * Tears {@code sa} down: Child SAs out of the data plane, timers cancelled, tables cleaned,
     * the tunnel told why if this was its last SA.
     */
    void destroy(IkeSa sa, String reason);

    /**
     * Tears {@code sa} down after a local failure; if the peer considers it established, tells it
     * with a DELETE first, so that it does not keep (and later reuse) an SA we no longer have.
     */
    void deleteAndDestroy(IkeSa sa, String reason);

    /** Where Child SAs go: the data plane in production. */
    SaInstaller installer();

    IkeTunnelEvents events();

    /**
     * A fresh inbound ESP SPI for a Child SA of {@code tunnel}, unique in this daemon (RFC 4303:
     * 256 and above), chosen so that the data plane receives it on the tunnel's thread.
     */
    int allocateChildSpi(String tunnel);

    /** Returns an inbound SPI that never got installed, or whose SA is gone. */
    void releaseChildSpi(int spi);

    /** Tunnels that may answer an IKE_SA_INIT arriving at {@code local} from {@code remote}, best first. */
    List<TunnelConfig> responderCandidates(InetSocketAddress local, InetSocketAddress remote);

    /** The tunnel's secrets and certificates, loaded once. */
    TunnelCredentials credentials(TunnelConfig tunnel) throws TunnelCredentials.CredentialLoadException;

    /** Local IKE port (500) and NAT-T port (4500). */
    int ikePort();

    int natPort();

    /** INITIAL_CONTACT from the peer of {@code sa}: forget every other IKE SA of its tunnel. */
    void initialContact(IkeSa sa);

    /** A fresh local IKE SPI, unique in this daemon. */
    long newIkeSpi();

    /**
     * The IKE SA that replaces {@code old} after a rekey (RFC 7296 §1.3.2): same tunnel, peer and
     * endpoints, new SPIs, message IDs from zero. Registered, not yet established.
     *
     * @param role our role in the rekey exchange, which becomes our role in the new SA
     */
    IkeSa createRekeyedSa(IkeSa old, io.vpnd.ike.crypto.IkeRole role, long spiI, long spiR);

    /** Moves every Child SA of {@code from} to {@code to}. */
    void adoptChildren(IkeSa from, IkeSa to);

    /** A Child SA was installed: the manager arms its rekey and expiry timers. */
    void childInstalled(IkeSa sa, ChildSa child);

    /** The IKE SA reached ESTABLISHED; tunnels with one IKE SA at a time replace older ones. */
    void established(IkeSa sa);
}

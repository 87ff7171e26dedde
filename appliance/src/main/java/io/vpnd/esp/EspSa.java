package io.vpnd.esp;

import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.net.DropReason;
import io.vpnd.net.TrafficSelector;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The runtime state of one installed ESP SA, built from a {@link ChildSaSpec}: keys, the outbound
 * sequence counter or the inbound replay window, counters and volume lifetime. {@link EspCodec}
 * seals and opens packets with it. Thread-safe; per-packet state is atomics.
 *
 * <pre>
 *   ACTIVE ──soft limit or sequence space nearly spent──▶ REKEY_DUE
 *     │  \                                                   │   \
 *     │   └──────────────hard limit─────────────▶ EXPIRED ◀──┘    │
 *     └──────────(outbound) sequence space spent──▶ SEQUENCE_EXHAUSTED ◀┘
 * </pre>
 *
 * Entering REKEY_DUE reports a soft expire, entering EXPIRED or SEQUENCE_EXHAUSTED a hard one, to
 * the {@link SaEventListener}: each at most once per SA. In the two final states every packet is
 * dropped ({@link DropReason#SA_EXPIRED}, {@link DropReason#SEQ_OVERFLOW}).
 */
public final class EspSa {
    private static final System.Logger LOG = System.getLogger(EspSa.class.getName());

    /** Lifecycle of the SA as the data plane sees it (diagram in the class comment). */
    public enum State {
        ACTIVE, REKEY_DUE, EXPIRED, SEQUENCE_EXHAUSTED;

        boolean canMoveTo(State next) {
            return switch (this) {
                case ACTIVE -> next != ACTIVE;
                case REKEY_DUE -> next == EXPIRED || next == SEQUENCE_EXHAUSTED;
                case EXPIRED, SEQUENCE_EXHAUSTED -> false;
            };
        }
    }

    private final ChildSaSpec spec;
    private final SaEventListener listener;

    // Crypto material and sizes, fixed for the SA's life; read by EspCodec.
    final EncryptionAlgorithm encryption;
    final IntegrityAlgorithm integrity;
    final SecretKeySpec cipherKey;
    /** AES-GCM with this SA's key; null for AES-CBC. */
    final AesGcm gcm;
    final byte[] salt;
    final SecretKeySpec integrityKey;
    final int ivLength;
    final int icvLength;
    final int blockSize;
    final boolean esn;
    final TrafficSelector[] localSelectors;
    final TrafficSelector[] remoteSelectors;
    /** Inbound only; null for outbound SAs. */
    final ReplayWindow replayWindow;

    private final long maxSequence;
    private final long rekeySequence;
    /** Next outbound sequence number to use (unsigned); 0 once the 64-bit space is spent. */
    private final AtomicLong nextSequence = new AtomicLong(1);

    private final AtomicReference<State> state = new AtomicReference<>(State.ACTIVE);
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong packets = new AtomicLong();
    private volatile long lastUsedNanos;
    private final AtomicBoolean cryptoFailureLogged = new AtomicBoolean();

    private volatile InetSocketAddress local;
    private volatile InetSocketAddress remote;

    /**
     * Builds the SA. Throws {@link IllegalArgumentException} when the spec asks for what the data
     * plane cannot do (key size, replay window size) or this JVM lacks an algorithm, so that a
     * bad install fails at once rather than packet by packet.
     *
     * @param listener receives soft/hard expiry; called on data-plane threads, must not block.
     *                 The data plane passes a forwarder to whatever listener is current.
     */
    public EspSa(ChildSaSpec spec, SaEventListener listener) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.listener = listener == null ? SaEventListener.NONE : listener;
        this.encryption = spec.encryption();
        this.integrity = spec.integrity();
        int keyBits = spec.encryptionKeyBits();
        if (keyBits != 128 && keyBits != 192 && keyBits != 256) {
            throw new IllegalArgumentException("AES key of " + keyBits + " bits");
        }
        byte[] material = spec.encryptionKey();
        int keyLength = keyBits / 8;
        this.cipherKey = new SecretKeySpec(material, 0, keyLength, "AES");
        this.gcm = encryption.isAead() ? new AesGcm(cipherKey) : null;
        this.salt = Arrays.copyOfRange(material, keyLength, keyLength + encryption.saltLength());
        this.integrityKey = integrity == null ? null : new SecretKeySpec(spec.integrityKey(), integrity.jcaName());
        this.ivLength = encryption.ivLength();
        this.icvLength = encryption.isAead() ? encryption.icvLength() : integrity.icvLength();
        this.blockSize = encryption.blockSize();
        this.esn = spec.esn();
        this.localSelectors = spec.localSelectors().toArray(new TrafficSelector[0]);
        this.remoteSelectors = spec.remoteSelectors().toArray(new TrafficSelector[0]);
        this.replayWindow = spec.direction() == SaDirection.INBOUND ? new ReplayWindow(spec.replayWindow(), esn) : null;
        this.maxSequence = esn ? EspConstants.MAX_EXTENDED_SEQUENCE_NUMBER : EspConstants.MAX_SEQUENCE_NUMBER;
        this.rekeySequence = maxSequence - EspConstants.SEQUENCE_REKEY_MARGIN + 1;
        this.local = spec.local();
        this.remote = spec.remote();
        probeAlgorithms();
    }

    /** Fails the install, not the first packet, when the JVM lacks an algorithm. */
    private void probeAlgorithms() {
        try {
            if (encryption.isAead()) {
                if (icvLength >= AesGcm.JCA_MIN_TAG_LENGTH) Cipher.getInstance("AES/GCM/NoPadding");
            } else {
                Cipher.getInstance("AES/CBC/NoPadding");
                Cipher.getInstance("AES/ECB/NoPadding");
                Mac.getInstance(integrity.jcaName());
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("this JVM cannot run " + encryption + ": " + e.getMessage());
        }
    }

    public ChildSaSpec spec() { return spec; }

    public int spi() { return spec.spi(); }

    public SaDirection direction() { return spec.direction(); }

    public String tunnel() { return spec.tunnel(); }

    public State state() { return state.get(); }

    /** This host's outer UDP endpoint, as last updated. */
    public InetSocketAddress local() { return local; }

    /** The peer's outer UDP endpoint, as last updated. */
    public InetSocketAddress remote() { return remote; }

    /** Moves the SA to new outer endpoints (a NAT mapping changed, RFC 3948 / RFC 7296 §2.23). */
    public void updateEndpoints(InetSocketAddress local, InetSocketAddress remote) {
        this.local = Objects.requireNonNull(local, "local");
        this.remote = Objects.requireNonNull(remote, "remote");
    }

    /** Inner octets and packets carried (sealed, or opened successfully), and when last. */
    public SaStats stats() {
        return new SaStats(bytes.get(), packets.get(), lastUsedNanos);
    }

    /** The inbound replay window; null for outbound SAs. */
    ReplayWindow replayWindow() { return replayWindow; }

    /** Why no packet may pass in the current state, or null while it may. */
    DropReason stopReason() {
        State s = state.get();
        if (s == State.EXPIRED) return DropReason.SA_EXPIRED;
        if (s == State.SEQUENCE_EXHAUSTED) return DropReason.SEQ_OVERFLOW;
        return null;
    }

    /**
     * Takes the next outbound sequence number, or returns 0 when the space is spent (and stops
     * the SA): it never wraps (RFC 4303 §3.3.3). Nearing the end asks IKE to rekey.
     */
    long nextSequence() {
        long seq;
        do {
            seq = nextSequence.get();
            if (seq == 0 || Long.compareUnsigned(seq, maxSequence) > 0) {
                moveTo(State.SEQUENCE_EXHAUSTED);
                return 0;
            }
        } while (!nextSequence.compareAndSet(seq, seq + 1));
        if (Long.compareUnsigned(seq, rekeySequence) >= 0 && state.get() == State.ACTIVE) {
            moveTo(State.REKEY_DUE);
        }
        return seq;
    }

    /** Test hook: the next outbound sequence number to hand out. */
    void setNextSequenceForTest(long next) {
        nextSequence.set(next);
    }

    /** Counts one packet of {@code innerBytes} carried and applies the volume lifetime. */
    void account(int innerBytes) {
        long p = packets.incrementAndGet();
        long b = bytes.addAndGet(innerBytes);
        lastUsedNanos = System.nanoTime();
        SaLifetime l = spec.lifetime();
        if (l == SaLifetime.UNLIMITED) return;
        if (state.get() == State.ACTIVE && (reached(p, l.softPackets()) || reached(b, l.softBytes()))) {
            moveTo(State.REKEY_DUE);
        }
        if (reached(p, l.hardPackets()) || reached(b, l.hardBytes())) {
            moveTo(State.EXPIRED);
        }
    }

    private static boolean reached(long value, long limit) {
        return limit > 0 && value >= limit;
    }

    /**
     * The one transition method: moves to {@code next} when the diagram allows it from the
     * current state, and reports the move. Returns false (and does nothing) otherwise, which is
     * how each event fires once even when threads race to cross a limit.
     */
    private boolean moveTo(State next) {
        for (;;) {
            State current = state.get();
            if (!current.canMoveTo(next)) return false;
            if (state.compareAndSet(current, next)) {
                boolean hard = next != State.REKEY_DUE;
                LOG.log(hard ? Level.INFO : Level.DEBUG, "{0}: {1} -> {2}", this, current, next);
                try {
                    listener.onExpire(spec.tunnel(), spec.spi(), spec.direction(), hard);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "SA event listener failed for " + this, e);
                }
                return true;
            }
        }
    }

    /** Logs the first crypto failure of this SA (they mean a bug or a broken JVM, not a bad packet). */
    void logCryptoFailure(String operation, GeneralSecurityException e) {
        if (cryptoFailureLogged.compareAndSet(false, true)) {
            // The JCA messages name algorithms and lengths, never key bytes.
            LOG.log(Level.WARNING, "{0}: {1} failed: {2}: {3} (further failures not logged)",
                    this, operation, e.getClass().getSimpleName(), e.getMessage());
        }
    }

    /** No key material: safe for logs. */
    @Override
    public String toString() {
        return "EspSa[" + spec.tunnel() + " " + spec.direction() + " spi=" + String.format("0x%08x", spec.spi())
                + " " + encryption + "/" + spec.encryptionKeyBits() + (integrity == null ? "" : "+" + integrity)
                + (esn ? " esn" : "") + "]";
    }
}

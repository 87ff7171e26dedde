package io.vpnd.ike.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Stateless COOKIE notifications for a responder under load (RFC 7296 §2.6):
 * Cookie = VersionIDofSecret | Hash(Ni | IPi | SPIi | secret). The version is 4 octets; the hash
 * is HMAC-SHA-256 keyed with the secret, the keyed form of the RFC's example. The secret rotates
 * every {@code rotationInterval} (checked lazily on use) or on {@link #rotate()}; cookies made
 * with the previous secret stay valid, so a rotation does not reject initiators that are just
 * retrying with the cookie they got. Older versions are rejected. Thread-safe.
 */
public final class CookieGenerator {
    /** Octets of a cookie: version (4) + HMAC-SHA-256 (32). */
    public static final int COOKIE_LENGTH = 36;
    private static final int SECRET_LENGTH = 32;

    private record Secret(int version, byte[] key, Instant created) {
    }

    private record Secrets(Secret current, Secret previous) {
    }

    private final Clock clock;
    private final Duration rotationInterval;
    private final SecureRandom random;
    private volatile Secrets secrets;

    public CookieGenerator(Clock clock, Duration rotationInterval) {
        this(clock, rotationInterval, IkeRandom.secureRandom());
    }

    public CookieGenerator(Clock clock, Duration rotationInterval, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (rotationInterval.isNegative() || rotationInterval.isZero()) {
            throw new IllegalArgumentException("rotation interval must be positive");
        }
        this.rotationInterval = rotationInterval;
        this.random = random;
        this.secrets = new Secrets(newSecret(random.nextInt()), null);
    }

    /** The cookie to send in N(COOKIE) for an IKE_SA_INIT request. */
    public byte[] generate(byte[] ni, InetAddress initiatorAddress, long spiI) {
        Secret s = current().current;
        return Bytes.concat(version(s.version), mac(s.key, ni, initiatorAddress, spiI));
    }

    /** True if {@code cookie} is one we made for this Ni, address and SPIi with the current or previous secret. */
    public boolean verify(byte[] cookie, byte[] ni, InetAddress initiatorAddress, long spiI) {
        if (cookie.length != COOKIE_LENGTH) {
            return false;
        }
        int version = ((cookie[0] & 0xff) << 24) | ((cookie[1] & 0xff) << 16) | ((cookie[2] & 0xff) << 8) | (cookie[3] & 0xff);
        Secrets s = current();
        Secret secret = s.current.version == version ? s.current
                : s.previous != null && s.previous.version == version ? s.previous : null;
        if (secret == null) {
            return false;
        }
        byte[] expected = mac(secret.key, ni, initiatorAddress, spiI);
        return MessageDigest.isEqual(expected, Bytes.copyOfRange(cookie, 4, COOKIE_LENGTH - 4));
    }

    /** Starts a new secret now; the current one becomes the previous, the previous is forgotten. */
    public synchronized void rotate() {
        Secrets s = secrets;
        if (s.previous != null) {
            Bytes.wipe(s.previous.key);
        }
        secrets = new Secrets(newSecret(s.current.version + 1), s.current);
    }

    private Secrets current() {
        Secrets s = secrets;
        if (!clock.instant().isBefore(s.current.created.plus(rotationInterval))) {
            synchronized (this) {
                if (secrets == s) {
                    rotate();
                }
                s = secrets;
            }
        }
        return s;
    }

    private Secret newSecret(int version) {
        byte[] key = new byte[SECRET_LENGTH];
        random.nextBytes(key);
        return new Secret(version, key, clock.instant());
    }

    private static byte[] mac(byte[] key, byte[] ni, InetAddress address, long spiI) {
        return HmacPrf.hmac(new SHA256Digest(), key, ni, address.getAddress(), Bytes.spi(spiI));
    }

    private static byte[] version(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    @Override
    public String toString() {
        return "CookieGenerator[version " + secrets.current.version + ", rotation " + rotationInterval + "]";
    }
}

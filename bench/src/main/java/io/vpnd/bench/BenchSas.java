package io.vpnd.bench;

import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.esp.ChildSaSpec;
import io.vpnd.esp.EspSa;
import io.vpnd.esp.SaDirection;
import io.vpnd.esp.SaEventListener;
import io.vpnd.esp.SaLifetime;
import io.vpnd.net.TrafficSelector;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;

/** SAs and inner packets for the benchmarks; keys are fixed pseudo-random bytes (nothing here is secret). */
public final class BenchSas {
    /** The ESP transforms benchmarked. */
    public enum Suite {
        GCM128(EncryptionAlgorithm.ENCR_AES_GCM_16, 128, null),
        GCM256(EncryptionAlgorithm.ENCR_AES_GCM_16, 256, null),
        CBC256_SHA256(EncryptionAlgorithm.ENCR_AES_CBC, 256, IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128);

        final EncryptionAlgorithm encryption;
        final int keyBits;
        final IntegrityAlgorithm integrity;

        Suite(EncryptionAlgorithm encryption, int keyBits, IntegrityAlgorithm integrity) {
            this.encryption = encryption;
            this.keyBits = keyBits;
            this.integrity = integrity;
        }
    }

    private static final InetSocketAddress LOCAL = endpoint("192.0.2.1");
    private static final InetSocketAddress REMOTE = endpoint("192.0.2.2");

    private BenchSas() {
    }

    /** One direction of an SA of {@code suite}; inbound ones with {@code replayWindow} packets of window. */
    public static EspSa sa(Suite suite, SaDirection direction, int spi, int replayWindow) {
        return new EspSa(spec(suite, direction, spi, replayWindow, List.of(), List.of()), SaEventListener.NONE);
    }

    /** The spec of such an SA, with traffic selectors (empty lists: any). */
    public static ChildSaSpec spec(Suite suite, SaDirection direction, int spi, int replayWindow,
                                   List<TrafficSelector> local, List<TrafficSelector> remote) {
        Random rnd = new Random(spi);
        byte[] key = new byte[suite.encryption.keyMaterialLength(suite.keyBits)];
        rnd.nextBytes(key);
        byte[] auth = new byte[suite.integrity == null ? 0 : suite.integrity.keyLength()];
        rnd.nextBytes(auth);
        return new ChildSaSpec("bench", direction, spi, suite.encryption, suite.keyBits, key,
                suite.integrity, auth, false, direction == SaDirection.INBOUND ? replayWindow : 0,
                LOCAL, REMOTE, local, remote, SaLifetime.UNLIMITED);
    }

    /** An IPv4/UDP packet of {@code length} octets (198.51.100.1 → 203.0.113.1), header fields valid. */
    public static byte[] udp4(int length) {
        byte[] p = new byte[length];
        new Random(length).nextBytes(p);
        p[0] = 0x45;
        p[1] = 0;
        p[2] = (byte) (length >>> 8);
        p[3] = (byte) length;
        p[6] = 0x40;
        p[7] = 0;
        p[8] = 64;
        p[9] = 17;
        byte[] addrs = {(byte) 198, 51, 100, 1, (byte) 203, 0, 113, 1};
        System.arraycopy(addrs, 0, p, 12, 8);
        p[24] = (byte) ((length - 20) >>> 8);
        p[25] = (byte) (length - 20);
        return p;
    }

    private static InetSocketAddress endpoint(String ip) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), 4500);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.vpnd.bench;

import io.vpnd.crypto.KeyExchangeGroup;
import io.vpnd.crypto.PrfAlgorithm;
import io.vpnd.crypto.ProposalParser;
import io.vpnd.ike.crypto.IkeKeyMaterial;
import io.vpnd.ike.crypto.IkeSaTransforms;
import io.vpnd.ike.crypto.InvalidKeyExchangeException;
import io.vpnd.ike.crypto.KeyExchange;
import io.vpnd.ike.crypto.KeyExchanges;
import io.vpnd.ike.crypto.Prf;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The cryptography of an IKE_SA_INIT (RFC 7296 §2.14) as one side computes it: a fresh key pair
 * and the shared secret with the peer's public value, per group; then SKEYSEED and the prf+
 * expansion into SK_d … SK_pr; and the prf+ for a Child SA's KEYMAT. Bounds how many tunnels per
 * second the IKE thread can bring up (or rekey).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class IkeCryptoBenchmark {
    @Param({"ECP_256", "CURVE25519", "MODP_2048"})
    public KeyExchangeGroup group;

    private byte[] peerPublic;
    private byte[] sharedSecret;
    private byte[] ni;
    private byte[] nr;
    private IkeSaTransforms gcmSha256;
    private IkeSaTransforms cbcSha256;
    private Prf prf;
    private byte[] skD;
    private byte[] nonces;

    @Setup(Level.Trial)
    public void setUp() throws InvalidKeyExchangeException {
        KeyExchange peer = KeyExchanges.generate(group);
        peerPublic = peer.publicValue();
        KeyExchange ours = KeyExchanges.generate(group);
        sharedSecret = ours.sharedSecret(peerPublic);
        Random rnd = new Random(3);
        ni = new byte[32];
        nr = new byte[32];
        rnd.nextBytes(ni);
        rnd.nextBytes(nr);
        gcmSha256 = IkeSaTransforms.fromSelected(ProposalParser.parseIke("aes256gcm16-prfsha256-ecp256"));
        cbcSha256 = IkeSaTransforms.fromSelected(ProposalParser.parseIke("aes256-sha256-prfsha256-modp2048"));
        prf = Prf.of(PrfAlgorithm.PRF_HMAC_SHA2_256);
        skD = new byte[32];
        rnd.nextBytes(skD);
        nonces = new byte[64];
        rnd.nextBytes(nonces);
    }

    /** A key pair and the shared secret: one side's whole key exchange. */
    @Benchmark
    public byte[] keyExchange() throws InvalidKeyExchangeException {
        KeyExchange ke = KeyExchanges.generate(group);
        try {
            return ke.sharedSecret(peerPublic);
        } finally {
            ke.destroy();
        }
    }

    /** SKEYSEED and SK_d, SK_ai/ar, SK_ei/er, SK_pi/pr for an AES-GCM-256 IKE SA (no integrity keys). */
    @Benchmark
    public IkeKeyMaterial deriveIkeKeysGcm() {
        IkeKeyMaterial k = IkeKeyMaterial.derive(gcmSha256, sharedSecret, ni, nr, 0x1122334455667788L, 0x99aabbccddeeff00L);
        k.destroy();
        return k;
    }

    /** The same for AES-CBC-256 + HMAC-SHA-256 (integrity keys too: a longer prf+). */
    @Benchmark
    public IkeKeyMaterial deriveIkeKeysCbc() {
        IkeKeyMaterial k = IkeKeyMaterial.derive(cbcSha256, sharedSecret, ni, nr, 0x1122334455667788L, 0x99aabbccddeeff00L);
        k.destroy();
        return k;
    }

    /** KEYMAT for a Child SA with AES-GCM-256 (2 × 36 octets, RFC 7296 §2.17). */
    @Benchmark
    public byte[] childKeymat() {
        return prf.prfPlus(skD, nonces, 72);
    }
}

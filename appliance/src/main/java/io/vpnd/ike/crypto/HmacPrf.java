package io.vpnd.ike.crypto;

import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.crypto.PrfAlgorithm;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

import java.util.function.Supplier;

/** PRF_HMAC_SHA1 (RFC 2104) and PRF_HMAC_SHA2_256/384/512 (RFC 4868 §2.1.2) on Bouncy Castle. */
final class HmacPrf implements Prf {
    private final PrfAlgorithm algorithm;
    private final Supplier<Digest> digest;

    HmacPrf(PrfAlgorithm algorithm) {
        this.algorithm = algorithm;
        this.digest = digestFor(algorithm.jcaName());
    }

    static Supplier<Digest> digestFor(String hmacJcaName) {
        return switch (hmacJcaName) {
            case "HmacSHA1" -> SHA1Digest::new;
            case "HmacSHA256" -> SHA256Digest::new;
            case "HmacSHA384" -> SHA384Digest::new;
            case "HmacSHA512" -> SHA512Digest::new;
            default -> throw new IllegalArgumentException("no digest for " + hmacJcaName);
        };
    }

    /** HMAC over {@code data} with the hash of an integrity algorithm, untruncated. */
    static byte[] hmac(IntegrityAlgorithm integrity, byte[] key, byte[]... data) {
        return hmac(digestFor(integrity.jcaName()).get(), key, data);
    }

    static byte[] hmac(Digest digest, byte[] key, byte[]... data) {
        HMac mac = new HMac(digest);
        mac.init(new KeyParameter(key));
        for (byte[] d : data) {
            mac.update(d, 0, d.length);
        }
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }

    @Override
    public String name() {
        return algorithm.name();
    }

    @Override
    public int outputLength() {
        return algorithm.outputLength();
    }

    @Override
    public int preferredKeyLength() {
        return algorithm.outputLength();
    }

    @Override
    public boolean hasFixedKeyLength() {
        return false;
    }

    @Override
    public byte[] compute(byte[] key, byte[]... data) {
        return hmac(digest.get(), key, data);
    }

    @Override
    public String toString() {
        return name();
    }
}

package io.vpnd.esp;

import io.vpnd.crypto.IntegrityAlgorithm;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * Truncated HMAC ICVs for ESP (RFC 2404, RFC 4868): the leftmost {@link IntegrityAlgorithm#icvLength()}
 * octets of the HMAC, over the packet and, with ESN, the high 32 bits of the sequence number
 * appended (RFC 4303 §3.3.2.1). Per-thread SunJCE {@link Mac} objects, initialised per packet.
 */
final class HmacIcv {
    private static final int MAX_MAC_LENGTH = 64;

    /** Per-thread Mac objects (by algorithm) and the full-length output they write. */
    private static final class PerThread {
        final Mac[] macs = new Mac[IntegrityAlgorithm.values().length];
        final byte[] full = new byte[MAX_MAC_LENGTH];
    }

    private static final ThreadLocal<PerThread> PER_THREAD = ThreadLocal.withInitial(PerThread::new);

    private HmacIcv() {
    }

    /**
     * Writes the truncated ICV of {@code in[off, off+len)} followed by {@code extra[0, extraLen)}
     * (the ESN high bits, or nothing) at {@code out[outOff]}.
     */
    static void compute(IntegrityAlgorithm alg, SecretKeySpec key, byte[] in, int off, int len,
                        byte[] extra, int extraLen, byte[] out, int outOff) throws GeneralSecurityException {
        PerThread t = PER_THREAD.get();
        full(t, alg, key, in, off, len, extra, extraLen);
        System.arraycopy(t.full, 0, out, outOff, alg.icvLength());
    }

    /**
     * True when the ICV at {@code icv[icvOff]} matches; compares in time independent of where
     * they differ.
     */
    static boolean verify(IntegrityAlgorithm alg, SecretKeySpec key, byte[] in, int off, int len,
                          byte[] extra, int extraLen, byte[] icv, int icvOff) throws GeneralSecurityException {
        PerThread t = PER_THREAD.get();
        full(t, alg, key, in, off, len, extra, extraLen);
        int diff = 0;
        for (int i = 0; i < alg.icvLength(); i++) {
            diff |= t.full[i] ^ icv[icvOff + i];
        }
        return diff == 0;
    }

    private static void full(PerThread t, IntegrityAlgorithm alg, SecretKeySpec key, byte[] in, int off, int len,
                             byte[] extra, int extraLen) throws GeneralSecurityException {
        Mac mac = t.macs[alg.ordinal()];
        if (mac == null) {
            mac = Mac.getInstance(alg.jcaName());
            t.macs[alg.ordinal()] = mac;
        }
        mac.init(key);
        mac.update(in, off, len);
        if (extraLen > 0) mac.update(extra, 0, extraLen);
        mac.doFinal(t.full, 0);
    }
}

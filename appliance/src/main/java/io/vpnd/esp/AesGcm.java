package io.vpnd.esp;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * AES-GCM over byte arrays for ESP, one instance per key (per SA): SunJCE (AES-NI and CLMUL
 * intrinsics) with a {@link Cipher} kept with the key and initialised per packet. SunJCE only
 * accepts tags of 12 to 16 octets, so the 8-octet ICV of ENCR_AES_GCM_8 goes through Bouncy
 * Castle's pure-Java GCM, several times slower; no common peer proposes it. In-place operation
 * (same array, same offset) is allowed.
 */
final class AesGcm {
    static final int JCA_MIN_TAG_LENGTH = 12;

    private static final ThreadLocal<GCMModeCipher> BC = new ThreadLocal<>();

    private final SecretKeySpec key;
    /**
     * The key's idle Cipher. A Cipher per thread instead would switch keys between SAs (a
     * gateway decrypts ACKs with one key between packets it encrypts with another), and SunJCE
     * expands the AES key schedule again on every switch. Taken while in use, so that a second
     * thread on the same SA (rare) makes its own rather than sharing one.
     */
    private final AtomicReference<Cipher> idle = new AtomicReference<>();

    AesGcm(SecretKeySpec key) {
        this.key = key;
    }

    /**
     * Encrypts {@code len} octets and appends a {@code tagLength}-octet tag: writes
     * {@code len + tagLength} octets at {@code out[outOff]}.
     */
    void encrypt(byte[] nonce, byte[] aad, int aadOff, int aadLen,
                 byte[] in, int inOff, int len, byte[] out, int outOff, int tagLength)
            throws GeneralSecurityException {
        if (tagLength >= JCA_MIN_TAG_LENGTH) {
            jca(Cipher.ENCRYPT_MODE, nonce, aad, aadOff, aadLen, in, inOff, len, out, outOff, tagLength);
        } else {
            bc(true, key, nonce, aad, aadOff, aadLen, in, inOff, len, out, outOff, tagLength);
        }
    }

    /**
     * Verifies the tag of {@code lenWithTag} octets (ciphertext then tag) and decrypts: writes
     * {@code lenWithTag - tagLength} octets at {@code out[outOff]}. Throws
     * {@link AEADBadTagException} when the tag does not verify; what was written to {@code out}
     * then is garbage that callers must not use.
     */
    void decrypt(byte[] nonce, byte[] aad, int aadOff, int aadLen,
                 byte[] in, int inOff, int lenWithTag, byte[] out, int outOff, int tagLength)
            throws GeneralSecurityException {
        if (tagLength >= JCA_MIN_TAG_LENGTH) {
            jca(Cipher.DECRYPT_MODE, nonce, aad, aadOff, aadLen, in, inOff, lenWithTag, out, outOff, tagLength);
        } else {
            bc(false, key, nonce, aad, aadOff, aadLen, in, inOff, lenWithTag, out, outOff, tagLength);
        }
    }

    private void jca(int mode, byte[] nonce, byte[] aad, int aadOff, int aadLen,
                     byte[] in, int inOff, int len, byte[] out, int outOff, int tagLength)
            throws GeneralSecurityException {
        Cipher c = idle.getAndSet(null);
        if (c == null) c = Cipher.getInstance("AES/GCM/NoPadding");
        try {
            c.init(mode, key, new GCMParameterSpec(tagLength * 8, nonce, 0, EspConstants.GCM_NONCE_LENGTH));
            c.updateAAD(aad, aadOff, aadLen);
            c.doFinal(in, inOff, len, out, outOff);
        } finally {
            idle.lazySet(c);
        }
    }

    private static void bc(boolean encrypt, SecretKeySpec key, byte[] nonce, byte[] aad, int aadOff, int aadLen,
                           byte[] in, int inOff, int len, byte[] out, int outOff, int tagLength)
            throws GeneralSecurityException {
        GCMModeCipher g = BC.get();
        if (g == null) {
            g = GCMBlockCipher.newInstance(AESEngine.newInstance());
            BC.set(g);
        }
        try {
            g.init(encrypt, new AEADParameters(new KeyParameter(key.getEncoded()), tagLength * 8, nonce));
            g.processAADBytes(aad, aadOff, aadLen);
            int n = g.processBytes(in, inOff, len, out, outOff);
            g.doFinal(out, outOff + n);
        } catch (InvalidCipherTextException e) {
            throw new AEADBadTagException("GCM tag mismatch");
        } catch (RuntimeException e) {
            // Bouncy Castle reports nonce reuse and bad lengths unchecked; keep them packet drops.
            g.reset();
            throw new GeneralSecurityException("AES-GCM: " + e.getClass().getSimpleName());
        }
    }
}

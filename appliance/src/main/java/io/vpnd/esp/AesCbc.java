package io.vpnd.esp;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * AES-CBC for ESP (RFC 3602) over byte arrays, with per-thread SunJCE {@link Cipher} objects
 * initialised per packet. In-place operation (same array, same offset) is allowed.
 */
final class AesCbc {
    private static final int BLOCK = EspConstants.AES_BLOCK_LENGTH;

    /** Per-thread cipher objects and the block used to build IVs. */
    private static final class PerThread {
        Cipher cbc;
        Cipher ecb;
        final byte[] block = new byte[BLOCK];
    }

    private static final ThreadLocal<PerThread> PER_THREAD = ThreadLocal.withInitial(PerThread::new);

    private AesCbc() {
    }

    /**
     * Writes the IV for sequence number {@code seq} at {@code out[off]}: the forward cipher of the
     * 64-bit number padded with zeros to a block, under the SA's own key. NIST SP 800-38A
     * Appendix C: unpredictable to anyone without the key as long as the nonce never repeats
     * under it, which the sequence number guarantees; and no random source per packet.
     */
    static void deriveIv(SecretKeySpec key, long seq, byte[] out, int off) throws GeneralSecurityException {
        PerThread t = PER_THREAD.get();
        if (t.ecb == null) t.ecb = Cipher.getInstance("AES/ECB/NoPadding");
        byte[] b = t.block;
        for (int i = 0; i < 8; i++) b[i] = (byte) (seq >>> (56 - 8 * i));
        for (int i = 8; i < BLOCK; i++) b[i] = 0;
        t.ecb.init(Cipher.ENCRYPT_MODE, key);
        t.ecb.doFinal(b, 0, BLOCK, out, off);
    }

    /** Encrypts {@code len} octets (a multiple of 16) with the IV at {@code iv[ivOff]}. */
    static void encrypt(SecretKeySpec key, byte[] iv, int ivOff, byte[] in, int inOff, int len, byte[] out, int outOff)
            throws GeneralSecurityException {
        Cipher c = cbc();
        c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv, ivOff, BLOCK));
        c.doFinal(in, inOff, len, out, outOff);
    }

    /** Decrypts {@code len} octets (a multiple of 16) with the IV at {@code iv[ivOff]}. */
    static void decrypt(SecretKeySpec key, byte[] iv, int ivOff, byte[] in, int inOff, int len, byte[] out, int outOff)
            throws GeneralSecurityException {
        Cipher c = cbc();
        c.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv, ivOff, BLOCK));
        c.doFinal(in, inOff, len, out, outOff);
    }

    private static Cipher cbc() throws GeneralSecurityException {
        PerThread t = PER_THREAD.get();
        if (t.cbc == null) t.cbc = Cipher.getInstance("AES/CBC/NoPadding");
        return t.cbc;
    }
}

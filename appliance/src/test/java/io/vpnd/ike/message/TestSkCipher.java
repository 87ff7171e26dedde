package io.vpnd.ike.message;

import io.vpnd.ike.crypto.SkCipher;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.Supplier;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test-only {@link SkCipher} on JCA (the production ciphers live in {@code io.vpnd.ike.crypto}):
 * AES-GCM with a 16-octet ICV per RFC 5282 (nonce = 4-octet salt from the end of SK_e || 8-octet
 * IV, AAD = IKE header through SK payload header) and AES-CBC with HMAC-SHA256-128 (ICV over
 * AAD || IV || ciphertext). The IV source and block size can be chosen so that strongSwan's
 * messages re-encrypt byte for byte.
 */
final class TestSkCipher implements SkCipher {
    private final boolean gcm;
    private final SecretKeySpec key;
    private final byte[] salt;
    private final SecretKeySpec integrityKey;
    private final int blockSize;
    private final Supplier<byte[]> ivSource;
    /** The last plaintext {@link #decrypt} returned (padding included), for tests. */
    byte[] lastPlaintext;

    private TestSkCipher(boolean gcm, byte[] key, byte[] salt, byte[] integrityKey, int blockSize, Supplier<byte[]> ivSource) {
        this.gcm = gcm;
        this.key = new SecretKeySpec(key, "AES");
        this.salt = salt;
        this.integrityKey = integrityKey == null ? null : new SecretKeySpec(integrityKey, "HmacSHA256");
        this.blockSize = blockSize;
        this.ivSource = ivSource;
    }

    /** AES-GCM-16 from SK_e (key || 4-octet salt); pads to 4 octets, counting IVs from 1. */
    static TestSkCipher aesGcm16(byte[] skE) {
        return new TestSkCipher(true, Arrays.copyOf(skE, skE.length - 4), Arrays.copyOfRange(skE, skE.length - 4, skE.length),
                null, 4, counter(8));
    }

    /** AES-CBC + HMAC-SHA256-128; counting IVs from 1 (fine for tests, not for production). */
    static TestSkCipher aesCbcHmacSha256(byte[] skE, byte[] skA) {
        return new TestSkCipher(false, skE, null, skA, 16, counter(16));
    }

    /** The same keys with a fixed IV and block size (to reproduce a captured message). */
    TestSkCipher withIvAndBlockSize(byte[] iv, int blockSize) {
        byte[] fixed = iv.clone();
        return new TestSkCipher(gcm, key.getEncoded(), salt, integrityKey == null ? null : integrityKey.getEncoded(),
                blockSize, () -> fixed.clone());
    }

    private static Supplier<byte[]> counter(int length) {
        long[] next = {1};
        return () -> {
            byte[] iv = new byte[length];
            long v = next[0]++;
            for (int i = length - 1; i >= length - 8; i--, v >>>= 8) iv[i] = (byte) v;
            return iv;
        };
    }

    @Override
    public int ivLength() { return gcm ? 8 : 16; }

    @Override
    public int icvLength() { return 16; }

    @Override
    public int blockSize() { return blockSize; }

    @Override
    public byte[] encrypt(byte[] aad, byte[] plaintext) {
        byte[] iv = ivSource.get();
        try {
            if (gcm) {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce(iv)));
                c.updateAAD(aad);
                return concat(iv, c.doFinal(plaintext));
            }
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
            byte[] ct = c.doFinal(plaintext);
            return concat(concat(iv, ct), icv(aad, iv, ct));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] decrypt(byte[] aad, byte[] body) throws IntegrityCheckFailedException {
        int ivLen = ivLength();
        if (body.length < ivLen + 16) throw new IntegrityCheckFailedException("short body");
        byte[] iv = Arrays.copyOf(body, ivLen);
        try {
            if (gcm) {
                Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce(iv)));
                c.updateAAD(aad);
                lastPlaintext = c.doFinal(body, ivLen, body.length - ivLen);
                return lastPlaintext.clone();
            }
            byte[] ct = Arrays.copyOfRange(body, ivLen, body.length - 16);
            byte[] icv = Arrays.copyOfRange(body, body.length - 16, body.length);
            if (!MessageDigest.isEqual(icv, icv(aad, iv, ct))) throw new IntegrityCheckFailedException("ICV mismatch");
            if (ct.length == 0 || ct.length % 16 != 0) throw new IntegrityCheckFailedException("ciphertext not a block multiple");
            Cipher c = Cipher.getInstance("AES/CBC/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
            lastPlaintext = c.doFinal(ct);
            return lastPlaintext.clone();
        } catch (AEADBadTagException e) {
            throw new IntegrityCheckFailedException("GCM tag mismatch");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] nonce(byte[] iv) {
        return concat(salt, iv);
    }

    private byte[] icv(byte[] aad, byte[] iv, byte[] ct) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(integrityKey);
        mac.update(aad);
        mac.update(iv);
        mac.update(ct);
        return Arrays.copyOf(mac.doFinal(), 16);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package io.vpnd.ike.crypto;

import io.vpnd.crypto.IntegrityAlgorithm;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * AES-CBC (RFC 3602) with a truncated HMAC (RFC 2404, RFC 4868) for the SK payload (RFC 7296
 * §3.14): a random, unpredictable 16-octet IV per message, and an ICV over the associated data,
 * IV and ciphertext (encrypt-then-MAC), checked in constant time before anything is decrypted.
 */
final class AesCbcHmacSkCipher implements SkCipher {
    private static final int BLOCK = 16;

    private final byte[] key;
    private final IntegrityAlgorithm integrity;
    private final byte[] integrityKey;
    private final SecureRandom random;

    AesCbcHmacSkCipher(byte[] key, IntegrityAlgorithm integrity, byte[] integrityKey, SecureRandom random) {
        this.key = key.clone();
        this.integrity = integrity;
        this.integrityKey = integrityKey.clone();
        this.random = random;
    }

    @Override
    public int ivLength() {
        return BLOCK;
    }

    @Override
    public int icvLength() {
        return integrity.icvLength();
    }

    @Override
    public int blockSize() {
        return BLOCK;
    }

    @Override
    public byte[] encrypt(byte[] aad, byte[] plaintext) {
        if (plaintext.length == 0 || plaintext.length % BLOCK != 0) {
            throw new IllegalArgumentException("CBC plaintext of " + plaintext.length
                    + " octets is not a positive multiple of " + BLOCK);
        }
        byte[] iv = new byte[BLOCK];
        random.nextBytes(iv);
        byte[] ciphertext = aes(Cipher.ENCRYPT_MODE, iv, plaintext, 0, plaintext.length);
        byte[] icv = icv(aad, iv, ciphertext);
        return Bytes.concat(iv, ciphertext, icv);
    }

    @Override
    public byte[] decrypt(byte[] aad, byte[] body) throws IntegrityCheckFailedException {
        int ctLength = body.length - BLOCK - icvLength();
        if (ctLength < BLOCK || ctLength % BLOCK != 0) {
            throw new IntegrityCheckFailedException("SK payload of " + body.length + " octets is malformed");
        }
        byte[] iv = Bytes.copyOfRange(body, 0, BLOCK);
        byte[] ciphertext = Bytes.copyOfRange(body, BLOCK, ctLength);
        byte[] received = Bytes.copyOfRange(body, BLOCK + ctLength, icvLength());
        if (!MessageDigest.isEqual(icv(aad, iv, ciphertext), received)) {
            throw new IntegrityCheckFailedException("ICV mismatch");
        }
        return aes(Cipher.DECRYPT_MODE, iv, ciphertext, 0, ctLength);
    }

    private byte[] icv(byte[] aad, byte[] iv, byte[] ciphertext) {
        byte[] full = HmacPrf.hmac(integrity, integrityKey, aad, iv, ciphertext);
        byte[] truncated = Bytes.copyOfRange(full, 0, integrity.icvLength());
        Bytes.wipe(full);
        return truncated;
    }

    private byte[] aes(int mode, byte[] iv, byte[] input, int off, int len) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return cipher.doFinal(input, off, len);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC failed", e);
        }
    }

    @Override
    public String toString() {
        return "SkCipher[ENCR_AES_CBC_" + key.length * 8 + "+" + integrity + "]";
    }
}

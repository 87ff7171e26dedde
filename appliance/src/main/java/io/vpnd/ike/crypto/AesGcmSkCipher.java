package io.vpnd.ike.crypto;

import io.vpnd.crypto.EncryptionAlgorithm;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * AES-GCM for the SK payload (RFC 5282): SK_e is key || 4-octet salt, the nonce is salt || 8-octet
 * explicit IV, the associated data is the IKE header through the SK payload header, and the ICV is
 * 8, 12 or 16 octets.
 *
 * <p>The IV is a 64-bit counter started at a random value, as strongSwan does: GCM needs IVs that
 * never repeat under one key, which a counter guarantees where random IVs only make it likely.
 * The 12- and 16-octet ICVs run on the JDK's AES-GCM (AES-NI, constant time); SunJCE refuses
 * 64-bit tags, so GCM-8 uses Bouncy Castle's GCM.
 */
final class AesGcmSkCipher implements SkCipher {
    private static final int IV_LENGTH = 8;
    private static final int SALT_LENGTH = 4;

    private final EncryptionAlgorithm algorithm;
    private final byte[] key;
    private final byte[] salt;
    private final int icvLength;
    private final AtomicLong nextIv;

    AesGcmSkCipher(EncryptionAlgorithm algorithm, byte[] keyAndSalt, SecureRandom random) {
        this.algorithm = algorithm;
        this.key = Bytes.copyOfRange(keyAndSalt, 0, keyAndSalt.length - SALT_LENGTH);
        this.salt = Bytes.copyOfRange(keyAndSalt, keyAndSalt.length - SALT_LENGTH, SALT_LENGTH);
        this.icvLength = algorithm.icvLength();
        this.nextIv = new AtomicLong(random.nextLong());
    }

    @Override
    public int ivLength() {
        return IV_LENGTH;
    }

    @Override
    public int icvLength() {
        return icvLength;
    }

    @Override
    public int blockSize() {
        return algorithm.blockSize();
    }

    @Override
    public byte[] encrypt(byte[] aad, byte[] plaintext) {
        byte[] iv = Bytes.spi(nextIv.getAndIncrement());
        try {
            return Bytes.concat(iv, gcm(true, nonce(iv), aad, plaintext));
        } catch (GeneralSecurityException | InvalidCipherTextException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] aad, byte[] body) throws IntegrityCheckFailedException {
        if (body.length < IV_LENGTH + icvLength) {
            throw new IntegrityCheckFailedException("SK payload of " + body.length + " octets is too short");
        }
        byte[] iv = Bytes.copyOfRange(body, 0, IV_LENGTH);
        byte[] sealed = Bytes.copyOfRange(body, IV_LENGTH, body.length - IV_LENGTH);
        try {
            return gcm(false, nonce(iv), aad, sealed);
        } catch (GeneralSecurityException | InvalidCipherTextException e) {
            // AEADBadTagException (JDK) or InvalidCipherTextException (BC): the ICV did not verify.
            throw new IntegrityCheckFailedException("ICV mismatch");
        }
    }

    private byte[] nonce(byte[] iv) {
        return Bytes.concat(salt, iv);
    }

    private byte[] gcm(boolean encrypt, byte[] nonce, byte[] aad, byte[] input)
            throws GeneralSecurityException, InvalidCipherTextException {
        if (icvLength >= 12) {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE,
                    new SecretKeySpec(key, "AES"), new GCMParameterSpec(icvLength * 8, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        }
        GCMModeCipher gcm = GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), icvLength * 8, nonce, aad));
        byte[] out = new byte[gcm.getOutputSize(input.length)];
        int n = gcm.processBytes(input, 0, input.length, out, 0);
        n += gcm.doFinal(out, n);
        return n == out.length ? out : Bytes.copyOfRange(out, 0, n);
    }

    @Override
    public String toString() {
        return "SkCipher[" + algorithm + "_" + key.length * 8 + "]";
    }
}

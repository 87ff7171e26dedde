package io.vpnd.ike.crypto;

import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.crypto.Proposal.EncryptionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SkCipherTest {

    static Stream<Arguments> allCombinations() {
        List<Arguments> out = new ArrayList<>();
        for (int bits : new int[] {128, 192, 256}) {
            for (IntegrityAlgorithm integ : IntegrityAlgorithm.values()) {
                out.add(Arguments.of(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, bits), integ));
            }
            for (EncryptionAlgorithm gcm : new EncryptionAlgorithm[] {EncryptionAlgorithm.ENCR_AES_GCM_8,
                    EncryptionAlgorithm.ENCR_AES_GCM_12, EncryptionAlgorithm.ENCR_AES_GCM_16}) {
                out.add(Arguments.of(new EncryptionSpec(gcm, bits), null));
            }
        }
        return out.stream();
    }

    private static SkCipher cipher(EncryptionSpec enc, IntegrityAlgorithm integ, byte[] encKey, byte[] integKey) {
        return SkCiphers.create(enc, integ, encKey, integKey);
    }

    @ParameterizedTest
    @MethodSource("allCombinations")
    void roundTripAndTamperDetection(EncryptionSpec enc, IntegrityAlgorithm integ) throws Exception {
        byte[] encKey = IkeRandom.bytes(enc.algorithm().keyMaterialLength(enc.keyBits()));
        byte[] integKey = integ == null ? new byte[0] : IkeRandom.bytes(integ.keyLength());
        SkCipher sender = cipher(enc, integ, encKey, integKey);
        SkCipher receiver = cipher(enc, integ, encKey, integKey);
        assertEquals(enc.algorithm().ivLength(), sender.ivLength());
        assertEquals(integ == null ? enc.algorithm().icvLength() : integ.icvLength(), sender.icvLength());
        assertEquals(enc.algorithm().blockSize(), sender.blockSize());

        byte[] aad = IkeRandom.bytes(32);
        byte[] plaintext = IkeRandom.bytes(sender.blockSize() * 13);
        byte[] body = sender.encrypt(aad, plaintext);
        assertEquals(sender.ivLength() + plaintext.length + sender.icvLength(), body.length);
        assertArrayEquals(plaintext, receiver.decrypt(aad, body));
        assertFalse(Arrays.equals(Arrays.copyOfRange(body, sender.ivLength(), sender.ivLength() + 16),
                Arrays.copyOf(plaintext, 16)), "ciphertext differs from plaintext");

        // Every region is covered by the ICV: associated data, IV, ciphertext, ICV.
        byte[] badAad = aad.clone();
        badAad[5] ^= 1;
        assertThrows(SkCipher.IntegrityCheckFailedException.class, () -> receiver.decrypt(badAad, body));
        for (int pos : new int[] {0, sender.ivLength(), body.length / 2, body.length - 1}) {
            byte[] bad = body.clone();
            bad[pos] ^= 0x01;
            assertThrows(SkCipher.IntegrityCheckFailedException.class, () -> receiver.decrypt(aad, bad), "flip at " + pos);
        }
        assertThrows(SkCipher.IntegrityCheckFailedException.class,
                () -> receiver.decrypt(aad, Arrays.copyOf(body, body.length - 1)));
        assertThrows(SkCipher.IntegrityCheckFailedException.class,
                () -> receiver.decrypt(aad, Arrays.copyOf(body, sender.ivLength() + sender.icvLength() - 1)));
        // Another key does not open it (for CBC the ICV depends on SK_a only: encrypt-then-MAC).
        byte[] otherEncKey = encKey.clone();
        byte[] otherIntegKey = integKey.clone();
        if (integ == null) {
            otherEncKey[0] ^= 1;
        } else {
            otherIntegKey[0] ^= 1;
        }
        assertThrows(SkCipher.IntegrityCheckFailedException.class,
                () -> cipher(enc, integ, otherEncKey, otherIntegKey).decrypt(aad, body));
        assertFalse(sender.toString().contains(org.bouncycastle.util.encoders.Hex.toHexString(encKey).substring(0, 8)));
    }

    @ParameterizedTest
    @MethodSource("allCombinations")
    void ivsDoNotRepeat(EncryptionSpec enc, IntegrityAlgorithm integ) {
        SkCipher c = cipher(enc, integ, IkeRandom.bytes(enc.algorithm().keyMaterialLength(enc.keyBits())),
                integ == null ? null : IkeRandom.bytes(integ.keyLength()));
        Set<String> ivs = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            byte[] body = c.encrypt(new byte[32], new byte[16]);
            ivs.add(org.bouncycastle.util.encoders.Hex.toHexString(body, 0, c.ivLength()));
        }
        assertEquals(200, ivs.size());
    }

    /** GCM-8 runs on Bouncy Castle, GCM-12/16 on the JDK: with one key and IV they must agree. */
    @Test
    void truncatedGcmIcvsArePrefixesOfTheFullTag() throws Exception {
        byte[] key = IkeRandom.bytes(36);
        byte[] aad = IkeRandom.bytes(32);
        byte[] plaintext = IkeRandom.bytes(100);
        byte[] full = SkCiphers.create(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 256), null, key, null,
                new ZeroRandom()).encrypt(aad, plaintext);
        for (EncryptionAlgorithm alg : new EncryptionAlgorithm[] {EncryptionAlgorithm.ENCR_AES_GCM_8,
                EncryptionAlgorithm.ENCR_AES_GCM_12}) {
            byte[] truncated = SkCiphers.create(new EncryptionSpec(alg, 256), null, key, null, new ZeroRandom())
                    .encrypt(aad, plaintext);
            assertArrayEquals(Arrays.copyOf(full, 8 + 100 + alg.icvLength()), truncated, alg.name());
        }
    }

    @Test
    void cbcRefusesUnalignedPlaintext() {
        SkCipher c = SkCiphers.create(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, 128),
                IntegrityAlgorithm.AUTH_HMAC_SHA1_96, new byte[16], new byte[20]);
        assertThrows(IllegalArgumentException.class, () -> c.encrypt(new byte[0], new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> c.encrypt(new byte[0], new byte[0]));
    }

    @Test
    void factoryChecksKeysAndAlgorithms() {
        EncryptionSpec gcm = new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 256);
        EncryptionSpec cbc = new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, 256);
        assertThrows(IllegalArgumentException.class, () -> SkCiphers.create(gcm, null, new byte[32], null), "salt missing");
        assertThrows(IllegalArgumentException.class,
                () -> SkCiphers.create(gcm, IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128, new byte[36], new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> SkCiphers.create(cbc, null, new byte[32], null));
        assertThrows(IllegalArgumentException.class,
                () -> SkCiphers.create(cbc, IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128, new byte[32], new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> SkCiphers.create(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, 160),
                IntegrityAlgorithm.AUTH_HMAC_SHA1_96, new byte[20], new byte[20]));
    }

    /** Deterministic IV source, so two ciphers produce comparable output. */
    private static final class ZeroRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;

        @Override
        public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}

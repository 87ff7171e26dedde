package io.vpnd.ike.crypto;

import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.crypto.KeyExchangeGroup;
import io.vpnd.crypto.PrfAlgorithm;
import io.vpnd.crypto.Proposal;
import io.vpnd.crypto.Proposal.EncryptionSpec;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IkeKeyMaterialTest {
    private static final IkeSaTransforms CBC_SHA1 = new IkeSaTransforms(
            new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, 128), IntegrityAlgorithm.AUTH_HMAC_SHA1_96,
            PrfAlgorithm.PRF_HMAC_SHA1);
    private static final IkeSaTransforms GCM_SHA512 = new IkeSaTransforms(
            new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 256), null, PrfAlgorithm.PRF_HMAC_SHA2_512);

    private final byte[] ni = IkeRandom.bytes(32);
    private final byte[] nr = IkeRandom.bytes(32);
    private final byte[] gir = IkeRandom.bytes(256);

    @Test
    void keyLengthsFollowTheNegotiatedAlgorithms() {
        IkeKeyMaterial cbc = IkeKeyMaterial.derive(CBC_SHA1, gir, ni, nr, 1, 2);
        assertEquals(20, cbc.skD().length);
        assertEquals(20, cbc.skAi().length);
        assertEquals(16, cbc.skEi().length);
        assertEquals(20, cbc.skPr().length);
        IkeKeyMaterial gcm = IkeKeyMaterial.derive(GCM_SHA512, gir, ni, nr, 1, 2);
        assertEquals(64, gcm.skD().length);
        assertEquals(0, gcm.skAr().length);
        assertEquals(36, gcm.skEr().length, "AES-256 key plus 4-octet salt");
        assertEquals(64, gcm.skPi().length);
    }

    @Test
    void keysAreTakenInRfcOrderFromPrfPlus() {
        IkeKeyMaterial k = IkeKeyMaterial.derive(CBC_SHA1, gir, ni, nr, 0x0102030405060708L, 0x1112131415161718L);
        Prf prf = Prf.of(PrfAlgorithm.PRF_HMAC_SHA1);
        byte[] skeyseed = prf.compute(Bytes.concat(ni, nr), gir);
        byte[] seed = Bytes.concat(ni, nr, Vectors.hex("0102030405060708 1112131415161718"));
        byte[] stream = prf.prfPlus(skeyseed, seed, 20 + 2 * 20 + 2 * 16 + 2 * 20);
        assertArrayEquals(Bytes.concat(k.skD(), k.skAi(), k.skAr(), k.skEi(), k.skEr(), k.skPi(), k.skPr()), stream);
    }

    @Test
    void rekeyedSkeyseedUsesTheOldPrfAndTheNewPrfExpands() {
        IkeKeyMaterial old = IkeKeyMaterial.derive(CBC_SHA1, gir, ni, nr, 1, 2);
        byte[] newNi = IkeRandom.bytes(32);
        byte[] newNr = IkeRandom.bytes(32);
        byte[] newGir = IkeRandom.bytes(32);
        IkeKeyMaterial rekeyed = IkeKeyMaterial.deriveRekeyed(old, GCM_SHA512, newGir, newNi, newNr, 3, 4);

        byte[] skeyseed = Prf.of(PrfAlgorithm.PRF_HMAC_SHA1).compute(old.skD(), newGir, newNi, newNr);
        assertEquals(20, skeyseed.length, "SKEYSEED from the old SA's PRF (RFC 7296 §2.18)");
        byte[] expected = Prf.of(PrfAlgorithm.PRF_HMAC_SHA2_512).prfPlus(skeyseed,
                Bytes.concat(newNi, newNr, Bytes.spi(3), Bytes.spi(4)), 64 + 2 * 36 + 2 * 64);
        assertArrayEquals(Bytes.concat(rekeyed.skD(), rekeyed.skEi(), rekeyed.skEr(), rekeyed.skPi(), rekeyed.skPr()), expected);
        assertEquals(GCM_SHA512, rekeyed.transforms());
    }

    @Test
    void fixedKeyPrfsUseHalfOfEachNonceForSkeyseed() {
        byte[][] seenKey = new byte[1][];
        Prf fixed = new Prf() {
            @Override
            public String name() {
                return "TEST_FIXED_KEY_128";
            }

            @Override
            public int outputLength() {
                return 16;
            }

            @Override
            public int preferredKeyLength() {
                return 16;
            }

            @Override
            public boolean hasFixedKeyLength() {
                return true;
            }

            @Override
            public byte[] compute(byte[] key, byte[]... data) {
                seenKey[0] = key.clone();
                return new byte[16];
            }
        };
        IkeKeyMaterial.skeyseed(fixed, gir, ni, nr);
        assertArrayEquals(Bytes.concat(Arrays.copyOf(ni, 8), Arrays.copyOf(nr, 8)), seenKey[0],
                "first 64 bits of Ni and of Nr (RFC 7296 §2.14)");
        IkeKeyMaterial.skeyseed(Prf.of(PrfAlgorithm.PRF_HMAC_SHA2_256), gir, ni, nr);
    }

    @Test
    void childKeymatWithPfsIncludesTheNewSharedSecret() {
        IkeKeyMaterial k = IkeKeyMaterial.derive(CBC_SHA1, gir, ni, nr, 1, 2);
        ChildSaTransforms esp = new ChildSaTransforms(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, 256),
                IntegrityAlgorithm.AUTH_HMAC_SHA2_512_256);
        byte[] pfs = IkeRandom.bytes(32);
        ChildKeyMaterial child = k.deriveChild(esp, pfs, ni, nr);
        byte[] keymat = Prf.of(PrfAlgorithm.PRF_HMAC_SHA1).prfPlus(k.skD(), Bytes.concat(pfs, ni, nr), 2 * (32 + 64));
        assertArrayEquals(keymat, Bytes.concat(child.encryptionKey(IkeRole.INITIATOR), child.integrityKey(IkeRole.INITIATOR),
                child.encryptionKey(IkeRole.RESPONDER), child.integrityKey(IkeRole.RESPONDER)));
        ChildKeyMaterial noPfs = k.deriveChild(esp, null, ni, nr);
        assertFalse(Arrays.equals(noPfs.encryptionKey(IkeRole.INITIATOR), child.encryptionKey(IkeRole.INITIATOR)));
    }

    @Test
    void destroyWipesAndToStringNeverShowsKeys() {
        IkeKeyMaterial k = IkeKeyMaterial.derive(GCM_SHA512, gir, ni, nr, 1, 2);
        String hex = org.bouncycastle.util.encoders.Hex.toHexString(k.skD());
        assertFalse(k.toString().toLowerCase().contains(hex.substring(0, 6)));
        assertTrue(k.toString().contains("ENCR_AES_GCM_16"));
        k.destroy();
        assertTrue(k.isDestroyed());
        assertArrayEquals(new byte[64], k.skD());
        assertArrayEquals(new byte[36], k.skEi());
        assertThrows(IllegalStateException.class, () -> k.outboundCipher(IkeRole.INITIATOR));
        assertThrows(IllegalStateException.class, () -> k.signedOctets(IkeRole.INITIATOR, new byte[1], ni, new byte[4]));
        assertThrows(IllegalStateException.class, () -> IkeKeyMaterial.deriveRekeyed(k, GCM_SHA512, gir, ni, nr, 1, 2));
    }

    @Test
    void transformsFromASelectedProposal() {
        Proposal selected = new Proposal(List.of(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 256)), List.of(),
                List.of(PrfAlgorithm.PRF_HMAC_SHA2_256), List.of(KeyExchangeGroup.ECP_256), List.of());
        IkeSaTransforms t = IkeSaTransforms.fromSelected(selected);
        assertNull(t.integrity());
        assertEquals(36, t.encryptionKeyLength());
        assertEquals(0, t.integrityKeyLength());
        Proposal esp = new Proposal(List.of(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, 128)),
                List.of(IntegrityAlgorithm.AUTH_HMAC_SHA2_384_192), List.of(), List.of(), List.of(false));
        ChildSaTransforms c = ChildSaTransforms.fromSelected(esp);
        assertEquals(16, c.encryptionKeyLength());
        assertEquals(48, c.integrityKeyLength());
        assertThrows(IllegalArgumentException.class, () -> new IkeSaTransforms(
                new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, 128), null, PrfAlgorithm.PRF_HMAC_SHA1));
        assertThrows(IllegalArgumentException.class, () -> new ChildSaTransforms(
                new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 128), IntegrityAlgorithm.AUTH_HMAC_SHA1_96));
    }
}

package io.vpnd.crypto;

import io.vpnd.crypto.Proposal.EncryptionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** strongSwan proposal syntax: valid strings with their canonical form, invalid ones with the token named. */
class ProposalParserTest {

    @ParameterizedTest(name = "IKE {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "aes256gcm16-prfsha256-ecp256 | aes256gcm16-prfsha256-ecp256",
            "aes256-sha256-modp2048 | aes256-sha256-modp2048",
            "aes128-sha1-modp1024 | aes128-sha1-modp1024",
            "AES256-SHA384-ECP384 | aes256-sha384-ecp384",
            "aes-sha-modp1536 | aes128-sha1-modp1536",
            "aes256gcm128-prfsha384-ecp521 | aes256gcm16-prfsha384-ecp521",
            "aes192gcm64-prfsha1-modp3072 | aes192gcm8-prfsha1-modp3072",
            "aes128gcm96-prfsha512-modp4096 | aes128gcm12-prfsha512-modp4096",
            "aes256gcm-prfsha256-x25519 | aes256gcm16-prfsha256-curve25519",
            "aes128-aes256-sha256-sha1-modp2048-ecp256 | aes128-aes256-sha256-sha1-modp2048-ecp256",
            "aes256-sha256-prfsha512-modp8192 | aes256-sha256-prfsha512-modp8192",
            "aes256-sha2_512-modp6144 | aes256-sha512-modp6144",
            "aes256gcm16-sha256-ecp256 | aes256gcm16-prfsha256-ecp256",
            "aes256-sha256-modp1024s160-modp2048s224-modp2048s256 | aes256-sha256-modp1024s160-modp2048s224-modp2048s256",
            "aes256-sha256-modp2048! | aes256-sha256-modp2048"})
    void validIke(String text, String canonical) {
        Proposal p = ProposalParser.parseIke(text);
        assertEquals(canonical, ProposalParser.toStrongSwanString(p));
        assertEquals(p, ProposalParser.parseIke(canonical), "round trip");
        assertEquals(List.of(), p.esn());
    }

    @ParameterizedTest(name = "ESP {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "aes256gcm16 | aes256gcm16",
            "aes256gcm16-ecp256 | aes256gcm16-ecp256",
            "aes256-sha256 | aes256-sha256",
            "aes128-sha1-modp2048 | aes128-sha1-modp2048",
            "aes128gcm16-esn | aes128gcm16-esn",
            "aes128gcm16-noesn | aes128gcm16",
            "aes128gcm16-esn-noesn | aes128gcm16-esn-noesn",
            "aes128gcm16-aes256gcm16 | aes128gcm16-aes256gcm16",
            "aes192-sha512-sha384 | aes192-sha512-sha384"})
    void validEsp(String text, String canonical) {
        Proposal p = ProposalParser.parseEsp(text);
        assertEquals(canonical, ProposalParser.toStrongSwanString(p));
        assertEquals(p, ProposalParser.parseEsp(canonical), "round trip");
        assertEquals(List.of(), p.prf());
    }

    @Test
    void fieldsOfAnIkeProposal() {
        Proposal p = ProposalParser.parseIke("aes128-aes256-sha256-sha1-modp2048-ecp256");
        assertEquals(List.of(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, 128),
                new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, 256)), p.encryption());
        assertEquals(List.of(IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128, IntegrityAlgorithm.AUTH_HMAC_SHA1_96),
                p.integrity());
        // strongSwan: without a prf token, each integrity algorithm implies its PRF, in order
        assertEquals(List.of(PrfAlgorithm.PRF_HMAC_SHA2_256, PrfAlgorithm.PRF_HMAC_SHA1), p.prf());
        assertEquals(List.of(KeyExchangeGroup.MODP_2048, KeyExchangeGroup.ECP_256), p.groups());
    }

    @Test
    void aeadInIkeDropsIntegrityAfterDerivingThePrf() {
        Proposal p = ProposalParser.parseIke("aes256gcm16-sha384-ecp384");
        assertEquals(List.of(), p.integrity());
        assertEquals(List.of(PrfAlgorithm.PRF_HMAC_SHA2_384), p.prf());
        assertEquals(EncryptionAlgorithm.ENCR_AES_GCM_16, p.encryption().get(0).algorithm());
    }

    @Test
    void espDefaultsToNoEsnAndKeepsAPfsGroup() {
        Proposal p = ProposalParser.parseEsp("aes256gcm16-ecp256");
        assertEquals(List.of(false), p.esn());
        assertEquals(List.of(KeyExchangeGroup.ECP_256), p.groups());
        assertEquals(List.of(true, false), ProposalParser.parseEsp("aes256gcm16-esn-noesn").esn());
    }

    @ParameterizedTest(name = "IKE {0}")
    @CsvSource(delimiter = '|', value = {
            "aes257-sha256-modp2048 | \"aes257\" in IKE proposal \"aes257-sha256-modp2048\" is not a known algorithm (did you mean \"aes256\"?)",
            "aes256gcm16-ecp256 | IKE proposal \"aes256gcm16-ecp256\" with AEAD encryption \"aes256gcm16\" needs a PRF",
            "aes256-sha256 | IKE proposal \"aes256-sha256\" has no key exchange group",
            "aes256-modp2048 | with CBC encryption \"aes256\" needs an integrity algorithm",
            "sha256-modp2048 | has no encryption algorithm",
            "aes256-sha256-modp2048-esn | \"esn\" in IKE proposal",
            "aes256-aes256gcm16-sha256-modp2048 | \"aes256\" and \"aes256gcm16\" in IKE proposal",
            "aes256--sha256-modp2048 | empty algorithm name",
            "aes256-sha256-sha256-modp2048 | \"sha256\" appears twice",
            "3des-sha1-modp1024 | \"3des\" in IKE proposal \"3des-sha1-modp1024\" is a strongSwan algorithm that vpnd does not implement",
            "chacha20poly1305-prfsha256-x448 | \"chacha20poly1305\"",
            "aes256-sha256-modp2049 | \"modp2049\" in IKE proposal \"aes256-sha256-modp2049\" is not a known algorithm (did you mean \"modp2048\"?)",
            "aes256-sha256-dh14 | \"dh14\" in IKE proposal",
            "'' | empty IKE proposal"})
    void invalidIke(String text, String messagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProposalParser.parseIke(text));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @ParameterizedTest(name = "ESP {0}")
    @CsvSource(delimiter = '|', value = {
            "aes256gcm16-sha256 | \"sha256\" in ESP proposal \"aes256gcm16-sha256\": AEAD encryption \"aes256gcm16\" takes no integrity algorithm",
            "aes256gcm16-prfsha256 | \"prfsha256\" in ESP proposal \"aes256gcm16-prfsha256\" is a PRF",
            "aes256 | ESP proposal \"aes256\" with CBC encryption \"aes256\" needs an integrity algorithm",
            "sha256 | has no encryption algorithm",
            "aes256gcm16-aes256-sha256 | classic (CBC) and AEAD encryption cannot share one proposal",
            "aes256gcm16-esn-esn | \"esn\" appears twice",
            "aes256-md5 | \"md5\" in ESP proposal \"aes256-md5\" is a strongSwan algorithm that vpnd does not implement",
            "aes256gcm20 | \"aes256gcm20\" in ESP proposal"})
    void invalidEsp(String text, String messagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProposalParser.parseEsp(text));
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void everyAlgorithmOfTheEnumsHasAKeyword() {
        for (KeyExchangeGroup g : KeyExchangeGroup.values()) {
            Proposal p = new Proposal(List.of(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 128)), List.of(),
                    List.of(PrfAlgorithm.PRF_HMAC_SHA2_256), List.of(g), List.of());
            assertEquals(p, ProposalParser.parseIke(ProposalParser.toStrongSwanString(p)), g.name());
        }
        for (EncryptionAlgorithm a : EncryptionAlgorithm.values()) {
            for (int bits : new int[] {128, 192, 256}) {
                Proposal p = new Proposal(List.of(new EncryptionSpec(a, bits)),
                        a.isAead() ? List.of() : List.of(IntegrityAlgorithm.AUTH_HMAC_SHA2_512_256),
                        List.of(), List.of(), List.of(false));
                assertEquals(p, ProposalParser.parseEsp(ProposalParser.toStrongSwanString(p)), a + "/" + bits);
            }
        }
        for (IntegrityAlgorithm i : IntegrityAlgorithm.values()) {
            for (PrfAlgorithm prf : PrfAlgorithm.values()) {
                Proposal p = new Proposal(List.of(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, 256)), List.of(i),
                        List.of(prf), List.of(KeyExchangeGroup.MODP_2048), List.of());
                assertEquals(p, ProposalParser.parseIke(ProposalParser.toStrongSwanString(p)), i + "/" + prf);
            }
        }
    }
}

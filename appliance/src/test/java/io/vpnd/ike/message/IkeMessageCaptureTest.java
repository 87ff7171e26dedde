package io.vpnd.ike.message;

import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.crypto.KeyExchangeGroup;
import io.vpnd.crypto.PrfAlgorithm;
import io.vpnd.crypto.Proposal;
import io.vpnd.ike.message.Captures.Packet;
import io.vpnd.ike.message.IkeConstants.AuthMethod;
import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeConstants.IdType;
import io.vpnd.ike.message.IkeConstants.NotifyType;
import io.vpnd.ike.message.IkeConstants.PayloadType;
import io.vpnd.ike.message.IkeConstants.ProtocolId;
import io.vpnd.net.TrafficSelector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Decodes, decrypts and re-encodes the strongSwan captures of three proposals. */
class IkeMessageCaptureTest {

    static List<String> cases() {
        return Captures.CASES;
    }

    private static Proposal expectedIkeProposal(String caseName) {
        return switch (caseName) {
            case "gcm256-ecp256" -> new Proposal(List.of(new Proposal.EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 256)),
                    List.of(), List.of(PrfAlgorithm.PRF_HMAC_SHA2_256), List.of(KeyExchangeGroup.ECP_256), List.of());
            case "cbc256-sha256-modp2048" -> new Proposal(List.of(new Proposal.EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, 256)),
                    List.of(IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128), List.of(PrfAlgorithm.PRF_HMAC_SHA2_256),
                    List.of(KeyExchangeGroup.MODP_2048), List.of());
            case "gcm128-x25519" -> new Proposal(List.of(new Proposal.EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 128)),
                    List.of(), List.of(PrfAlgorithm.PRF_HMAC_SHA2_256), List.of(KeyExchangeGroup.CURVE25519), List.of());
            default -> throw new IllegalArgumentException(caseName);
        };
    }

    @ParameterizedTest
    @MethodSource("cases")
    void ikeSaInitRequestAndResponseDecodeAndReencodeIdentically(String caseName) throws Exception {
        List<Packet> ike = Captures.ikePackets(caseName);
        Packet request = ike.get(0);
        Packet response = ike.get(1);

        IkeMessage req = IkeMessage.decodeUnprotected(request.ike());
        assertEquals(ExchangeType.IKE_SA_INIT, req.exchangeType());
        assertFalse(req.isResponse());
        assertTrue(req.header().initiatorFlag());
        assertEquals(0, req.header().responderSpi());
        assertEquals(0, req.messageId());
        assertEquals(IkeMessage.Protection.NONE, req.protection());
        assertArrayEquals(request.ike(), req.encode(null), "IKE_SA_INIT request re-encodes byte for byte");

        SaPayload sa = req.payload(SaPayload.class).orElseThrow();
        assertEquals(1, sa.proposals().size());
        ProposalSubstructure p = sa.proposals().get(0);
        assertEquals(ProtocolId.IKE, p.protocol());
        assertEquals(0, p.spi().length);
        assertEquals(expectedIkeProposal(caseName), p.toProposal());
        assertFalse(p.hasUnusableTransformType());
        // our Proposal -> SA payload conversion produces strongSwan's exact encoding
        assertEquals(sa, new SaPayload(List.of(ProposalSubstructure.of(1, ProtocolId.IKE, new byte[0], p.toProposal()))));

        KePayload ke = req.payload(KePayload.class).orElseThrow();
        KeyExchangeGroup group = expectedIkeProposal(caseName).groups().get(0);
        assertEquals(group, ke.group());
        assertEquals(group.publicValueLength(), ke.keyExchangeData().length);
        assertEquals(32, req.payload(NoncePayload.class).orElseThrow().nonce().length);
        assertTrue(req.hasNotify(NotifyType.NAT_DETECTION_SOURCE_IP));
        assertTrue(req.hasNotify(NotifyType.NAT_DETECTION_DESTINATION_IP));
        assertTrue(req.hasNotify(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED));
        assertTrue(req.hasNotify(NotifyType.SIGNATURE_HASH_ALGORITHMS));
        assertTrue(req.hasNotify(NotifyType.REDIRECT_SUPPORTED));
        assertEquals(20, req.notify(NotifyType.NAT_DETECTION_SOURCE_IP).orElseThrow().data().length);

        IkeMessage resp = IkeMessage.decodeUnprotected(response.ike());
        assertTrue(resp.isResponse());
        assertFalse(resp.header().initiatorFlag());
        assertEquals(req.header().initiatorSpi(), resp.header().initiatorSpi());
        assertTrue(resp.header().responderSpi() != 0);
        assertArrayEquals(response.ike(), resp.encode(null), "IKE_SA_INIT response re-encodes byte for byte");
        assertEquals(expectedIkeProposal(caseName), resp.payload(SaPayload.class).orElseThrow().proposals().get(0).toProposal());
        assertTrue(resp.hasNotify(NotifyType.CHILDLESS_IKEV2_SUPPORTED));
        assertTrue(resp.hasNotify(NotifyType.MULTIPLE_AUTH_SUPPORTED));
        assertEquals("IKE_SA_INIT response 0 [ SA KE NONCE N(NAT_DETECTION_SOURCE_IP) N(NAT_DETECTION_DESTINATION_IP) "
                + "N(IKEV2_FRAGMENTATION_SUPPORTED) N(SIGNATURE_HASH_ALGORITHMS) N(CHILDLESS_IKEV2_SUPPORTED) "
                + "N(MULTIPLE_AUTH_SUPPORTED) ]", resp.toString());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyCapturedIkeMessageRoundTripsWhileSealed(String caseName) throws Exception {
        for (Packet p : Captures.ikePackets(caseName)) {
            IkeMessage m = IkeMessage.decodeUnprotected(p.ike());
            assertArrayEquals(p.ike(), m.encode(null), p.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void ikeAuthRequestDecryptsWithLoggedKeys(String caseName) throws Exception {
        Packet packet = Captures.ikePackets(caseName).get(2);
        IkeMessage sealed = IkeMessage.decodeUnprotected(packet.ike());
        assertEquals(ExchangeType.IKE_AUTH, sealed.exchangeType());
        assertEquals(IkeMessage.Protection.SEALED, sealed.protection());
        assertEquals(PayloadType.IDi.id(), sealed.sealedPayload().firstInnerPayloadType());

        TestSkCipher cipher = Captures.cipher(caseName, true);
        IkeMessage open = sealed.decrypt(cipher);
        assertEquals(IkeMessage.Protection.OPEN, open.protection());
        assertEquals("IKE_AUTH request 1 [ SK{ IDi N(INITIAL_CONTACT) IDr AUTH SA TSi TSr N(MOBIKE_SUPPORTED) "
                + "N(NO_ADDITIONAL_ADDRESSES) N(MULTIPLE_AUTH_SUPPORTED) N(EAP_ONLY_AUTHENTICATION) "
                + "N(IKEV2_MESSAGE_ID_SYNC_SUPPORTED) } ]", open.toString());

        IdPayload idi = open.idInitiator().orElseThrow();
        assertEquals(IdType.ID_FQDN, idi.idType());
        assertEquals("left.vpn.test", idi.displayValue());
        assertEquals("right.vpn.test", open.idResponder().orElseThrow().displayValue());
        AuthPayload auth = open.payload(AuthPayload.class).orElseThrow();
        assertEquals(AuthMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE, auth.method());
        assertEquals(32, auth.authData().length);

        ProposalSubstructure esp = open.payload(SaPayload.class).orElseThrow().proposals().get(0);
        assertEquals(ProtocolId.ESP, esp.protocol());
        assertEquals(4, esp.spi().length);
        Proposal espProposal = esp.toProposal();
        assertEquals(List.of(false), espProposal.esn());
        assertTrue(espProposal.prf().isEmpty());
        assertEquals(esp, ProposalSubstructure.of(esp.number(), ProtocolId.ESP, esp.spi(), espProposal));

        assertEquals(List.of(TrafficSelector.ofCidr("198.51.100.0/24")), open.tsInitiator().orElseThrow().trafficSelectors());
        assertEquals(List.of(TrafficSelector.ofCidr("203.0.113.0/24")), open.tsResponder().orElseThrow().trafficSelectors());
        assertEquals(open.tsInitiator().orElseThrow(), TsPayload.of(true, List.of(TrafficSelector.ofCidr("198.51.100.0/24"))));

        assertInnerPayloadsReencodeIdentically(cipher.lastPlaintext, open);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void ikeAuthResponseDecryptsWithLoggedKeys(String caseName) throws Exception {
        Packet packet = Captures.ikePackets(caseName).get(3);
        TestSkCipher cipher = Captures.cipher(caseName, false);
        IkeMessage open = IkeMessage.decodeUnprotected(packet.ike()).decrypt(cipher);
        assertTrue(open.isResponse());
        assertEquals("right.vpn.test", open.idResponder().orElseThrow().displayValue());
        assertTrue(open.payload(AuthPayload.class).isPresent());
        assertEquals(List.of(TrafficSelector.ofCidr("198.51.100.0/24")), open.tsInitiator().orElseThrow().trafficSelectors());
        assertTrue(open.hasNotify(NotifyType.MOBIKE_SUPPORTED));
        assertTrue(open.firstErrorNotify().isEmpty());
        assertInnerPayloadsReencodeIdentically(cipher.lastPlaintext, open);
    }

    /** Every payload inside SK re-encodes to the octets strongSwan sent, and so does the chain. */
    private static void assertInnerPayloadsReencodeIdentically(byte[] plaintext, IkeMessage open) {
        int padLength = plaintext[plaintext.length - 1] & 0xff;
        byte[] content = Arrays.copyOf(plaintext, plaintext.length - padLength - 1);
        List<IkePayload> inner = open.encryptedPayloads();
        int offset = 0;
        for (int i = 0; i < inner.size(); i++) {
            IkePayload p = inner.get(i);
            int next = i + 1 < inner.size() ? inner.get(i + 1).typeId() : 0;
            byte[] encoded = p.encode(next);
            assertArrayEquals(Arrays.copyOfRange(content, offset, offset + encoded.length), encoded, p.toString());
            offset += encoded.length;
        }
        assertEquals(content.length, offset);
        assertArrayEquals(content, PayloadChain.encode(inner));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void allEncryptedMessagesDecryptAndReencryptIdenticallyWhenUnpadded(String caseName) throws Exception {
        int identical = 0;
        int decrypted = 0;
        for (Packet p : Captures.ikePackets(caseName)) {
            IkeMessage sealed = IkeMessage.decodeUnprotected(p.ike());
            if (sealed.protection() != IkeMessage.Protection.SEALED) continue;
            TestSkCipher cipher = Captures.cipher(caseName, sealed.header().initiatorFlag());
            IkeMessage open = sealed.decrypt(cipher);
            decrypted++;
            byte[] plaintext = cipher.lastPlaintext;
            if ((plaintext[plaintext.length - 1] & 0xff) != 0) continue; // strongSwan's random padding cannot be reproduced
            byte[] iv = Arrays.copyOf(sealed.sealedPayload().body(), cipher.ivLength());
            int block = caseName.startsWith("gcm") ? 1 : 16; // strongSwan does not pad GCM at all
            assertArrayEquals(p.ike(), open.encode(cipher.withIvAndBlockSize(iv, block)), p + " re-encrypts identically");
            identical++;
        }
        assertEquals(Captures.ikePackets(caseName).size() - 2, decrypted, "every message after IKE_SA_INIT decrypts");
        if (caseName.startsWith("gcm")) {
            assertEquals(decrypted, identical, "strongSwan never pads GCM, so every message re-encrypts identically");
        } else {
            assertTrue(identical >= 1, "the unpadded CBC IKE_AUTH request re-encrypts identically");
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void informationalExchangesDecrypt(String caseName) throws Exception {
        List<Packet> ike = Captures.ikePackets(caseName);
        IkeMessage request = IkeMessage.decodeUnprotected(ike.get(4).ike());
        assertEquals(ExchangeType.INFORMATIONAL, request.exchangeType());
        IkeMessage open = request.decrypt(Captures.cipher(caseName, request.header().initiatorFlag()));
        assertTrue(open.hasNotify(NotifyType.NO_ADDITIONAL_ADDRESSES));
        IkeMessage response = IkeMessage.decodeUnprotected(ike.get(5).ike());
        IkeMessage emptyResponse = response.decrypt(Captures.cipher(caseName, response.header().initiatorFlag()));
        assertTrue(emptyResponse.payloads().isEmpty());
        assertEquals(IkeMessage.Protection.OPEN, emptyResponse.protection());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void wrongDirectionKeysFailTheIntegrityCheck(String caseName) throws Exception {
        IkeMessage sealed = IkeMessage.decodeUnprotected(Captures.ikePackets(caseName).get(2).ike());
        org.junit.jupiter.api.Assertions.assertThrows(io.vpnd.ike.crypto.SkCipher.IntegrityCheckFailedException.class,
                () -> sealed.decrypt(Captures.cipher(caseName, false)));
    }
}

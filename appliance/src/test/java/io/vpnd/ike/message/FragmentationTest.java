package io.vpnd.ike.message;

import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.Proposal;
import io.vpnd.ike.crypto.SkCipher.IntegrityCheckFailedException;
import io.vpnd.ike.message.FragmentAssembler.Result;
import io.vpnd.ike.message.FragmentAssembler.Status;
import io.vpnd.ike.message.IkeConstants.AuthMethod;
import io.vpnd.ike.message.IkeConstants.CertEncoding;
import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeConstants.NotifyType;
import io.vpnd.ike.message.IkeConstants.PayloadType;
import io.vpnd.ike.message.IkeConstants.ProtocolId;
import io.vpnd.net.TrafficSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 7383 fragmentation: encodeFragments and FragmentAssembler. */
class FragmentationTest {

    private static TestSkCipher cipher(String caseName) {
        return Captures.cipher(caseName, true);
    }

    private static IkeHeader header(long messageId, boolean response) {
        return IkeHeader.of(0x1111222233334444L, 0x5555666677778888L, ExchangeType.IKE_AUTH, true, response, messageId);
    }

    /** An IKE_AUTH request made large by two certificates. */
    private static IkeMessage bigAuthRequest(long messageId) {
        Random random = new Random(messageId);
        byte[] cert1 = new byte[1800];
        byte[] cert2 = new byte[1500];
        random.nextBytes(cert1);
        random.nextBytes(cert2);
        Proposal esp = new Proposal(List.of(new Proposal.EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 256)),
                List.of(), List.of(), List.of(), List.of(false));
        return IkeMessage.protectedBySk(header(messageId, false), List.of(
                IdPayload.fqdn(true, "left.vpn.test"),
                new CertPayload(CertEncoding.X509_CERTIFICATE_SIGNATURE, cert1),
                new CertPayload(CertEncoding.X509_CERTIFICATE_SIGNATURE, cert2),
                NotifyPayload.of(NotifyType.INITIAL_CONTACT),
                new AuthPayload(AuthMethod.DIGITAL_SIGNATURE, new byte[256]),
                new SaPayload(List.of(ProposalSubstructure.of(1, ProtocolId.ESP, new byte[] {1, 2, 3, 4}, esp))),
                TsPayload.of(true, List.of(TrafficSelector.ofCidr("198.51.100.0/24"))),
                TsPayload.of(false, List.of(TrafficSelector.ofCidr("203.0.113.0/24")))));
    }

    private static List<IkeMessage> decodeAll(List<byte[]> datagrams) throws IkeProtocolException {
        List<IkeMessage> out = new ArrayList<>();
        for (byte[] d : datagrams) out.add(IkeMessage.decodeUnprotected(d));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gcm256-ecp256", "cbc256-sha256-modp2048"})
    void fragmentsRespectTheSizeAndReassembleOutOfOrderWithDuplicates(String caseName) throws Exception {
        IkeMessage original = bigAuthRequest(1);
        List<byte[]> datagrams = original.encodeFragments(cipher(caseName), 576);
        assertTrue(datagrams.size() >= 6, datagrams.size() + " fragments");
        List<IkeMessage> fragments = decodeAll(datagrams);
        for (int i = 0; i < fragments.size(); i++) {
            assertTrue(datagrams.get(i).length <= 576, "fragment of " + datagrams.get(i).length + " octets");
            IkeMessage f = fragments.get(i);
            assertEquals(IkeMessage.Protection.SEALED_FRAGMENT, f.protection());
            assertEquals(PayloadType.SKF.id(), f.header().nextPayload());
            assertEquals(i + 1, f.fragment().fragmentNumber());
            assertEquals(fragments.size(), f.fragment().totalFragments());
            assertEquals(i == 0 ? PayloadType.IDi.id() : 0, f.fragment().firstInnerPayloadType());
            assertEquals(1, f.messageId());
        }
        int slack = 576 - datagrams.get(0).length;
        assertTrue(slack >= 0 && slack < cipher(caseName).blockSize(), "full fragments use the budget up to one cipher block: " + slack);

        List<IkeMessage> arrival = new ArrayList<>(fragments);
        arrival.add(fragments.get(2));
        arrival.add(fragments.get(0));
        Collections.shuffle(arrival, new Random(42));
        // make sure the last arrival is not a duplicate, so that completion happens on it
        IkeMessage last = arrival.remove(arrival.lastIndexOf(fragments.get(fragments.size() - 1)));
        arrival.add(last);

        FragmentAssembler assembler = new FragmentAssembler();
        int duplicates = 0;
        Result result = null;
        for (IkeMessage f : arrival) {
            result = assembler.add(f, cipher(caseName));
            if (result.status() == Status.DUPLICATE) duplicates++;
            if (f != last) {
                assertTrue(result.status() == Status.INCOMPLETE || result.status() == Status.DUPLICATE, result.status().name());
                assertNull(result.message());
            }
        }
        assertEquals(2, duplicates);
        assertEquals(Status.COMPLETE, result.status());
        IkeMessage reassembled = result.message();
        assertEquals(IkeMessage.Protection.OPEN, reassembled.protection());
        assertEquals(original.encryptedPayloads(), reassembled.encryptedPayloads());
        assertEquals(ExchangeType.IKE_AUTH, reassembled.exchangeType());
        assertEquals(PayloadType.SK.id(), reassembled.header().nextPayload());
        assertEquals(0, assembler.pendingMessages());
    }

    @Test
    void aMessageThatFitsIsSentWhole() throws Exception {
        IkeMessage small = IkeMessage.protectedBySk(header(2, false), List.of(IdPayload.fqdn(true, "left.vpn.test")));
        List<byte[]> datagrams = small.encodeFragments(cipher("gcm256-ecp256"), 1280);
        assertEquals(1, datagrams.size());
        IkeMessage sealed = IkeMessage.decodeUnprotected(datagrams.get(0));
        assertEquals(IkeMessage.Protection.SEALED, sealed.protection());
        // an IKE_AUTH request with only IDi is valid syntax (AUTH 0..1, SA/TS none), so it decrypts
        assertEquals(small.encryptedPayloads(), sealed.decrypt(cipher("gcm256-ecp256")).encryptedPayloads());
    }

    @Test
    void aForgedFragmentIsRejectedAndNothingIsKept() throws Exception {
        TestSkCipher c = cipher("gcm256-ecp256");
        List<byte[]> datagrams = bigAuthRequest(3).encodeFragments(c, 700);
        FragmentAssembler assembler = new FragmentAssembler();
        byte[] forged = datagrams.get(1).clone();
        forged[forged.length - 1] ^= 1;
        IkeMessage forgedFragment = IkeMessage.decodeUnprotected(forged);
        assertThrows(IntegrityCheckFailedException.class, () -> assembler.add(forgedFragment, c));
        assertEquals(0, assembler.pendingMessages());

        Result last = null;
        for (IkeMessage f : decodeAll(datagrams)) last = assembler.add(f, c);
        assertEquals(Status.COMPLETE, last.status(), "the real fragment 2 was not displaced by the forged one");
    }

    @Test
    void aLargerTotalRestartsReassemblyAndASmallerOneIsStale() throws Exception {
        TestSkCipher c = cipher("gcm256-ecp256");
        IkeMessage message = bigAuthRequest(4);
        List<IkeMessage> coarse = decodeAll(message.encodeFragments(c, 1200));
        List<IkeMessage> fine = decodeAll(message.encodeFragments(c, 576));
        assertTrue(fine.size() > coarse.size());

        FragmentAssembler assembler = new FragmentAssembler();
        assertEquals(Status.INCOMPLETE, assembler.add(coarse.get(0), c).status());
        assertEquals(Status.INCOMPLETE, assembler.add(fine.get(1), c).status(), "larger total: start over with this fragment");
        assertEquals(Status.STALE, assembler.add(coarse.get(1), c).status(), "smaller total than the current reassembly");
        Result last = null;
        for (IkeMessage f : fine) last = assembler.add(f, c);
        assertEquals(Status.COMPLETE, last.status());
        assertEquals(message.encryptedPayloads(), last.message().encryptedPayloads());
    }

    @Test
    void requestsAndResponsesWithTheSameMessageIdAreKeptApart() throws Exception {
        TestSkCipher c = cipher("gcm256-ecp256");
        IkeMessage request = bigAuthRequest(5);
        IkeMessage response = IkeMessage.protectedBySk(header(5, true), List.of(
                IdPayload.fqdn(false, "right.vpn.test"), new CertPayload(CertEncoding.X509_CERTIFICATE_SIGNATURE, new byte[2000]),
                new AuthPayload(AuthMethod.DIGITAL_SIGNATURE, new byte[256])));
        List<IkeMessage> req = decodeAll(request.encodeFragments(c, 800));
        List<IkeMessage> resp = decodeAll(response.encodeFragments(c, 800));
        FragmentAssembler assembler = new FragmentAssembler();
        Result r1 = null;
        Result r2 = null;
        int n = Math.max(req.size(), resp.size());
        for (int i = 0; i < n; i++) {
            if (i < req.size()) r1 = assembler.add(req.get(i), c);
            if (i < resp.size()) r2 = assembler.add(resp.get(i), c);
        }
        assertEquals(Status.COMPLETE, r1.status());
        assertEquals(Status.COMPLETE, r2.status());
        assertTrue(r2.message().isResponse());
        assertEquals(response.encryptedPayloads(), r2.message().encryptedPayloads());
    }

    @Test
    void boundsOnMessagesFragmentsAndOctets() throws Exception {
        TestSkCipher c = cipher("gcm256-ecp256");
        FragmentAssembler twoMessages = new FragmentAssembler(2, 64, 64 * 1024);
        for (long id = 10; id < 13; id++) {
            assertEquals(Status.INCOMPLETE, twoMessages.add(decodeAll(bigAuthRequest(id).encodeFragments(c, 576)).get(0), c).status());
        }
        assertEquals(2, twoMessages.pendingMessages(), "the oldest partial message was evicted");

        List<IkeMessage> many = decodeAll(bigAuthRequest(20).encodeFragments(c, 576));
        FragmentAssembler fewFragments = new FragmentAssembler(4, many.size() - 1, 64 * 1024);
        assertEquals(Status.TOO_LARGE, fewFragments.add(many.get(0), c).status());
        assertEquals(0, fewFragments.pendingMessages());

        FragmentAssembler fewOctets = new FragmentAssembler(4, 64, 1000);
        Status status = Status.INCOMPLETE;
        for (IkeMessage f : many) {
            status = fewOctets.add(f, c).status();
            if (status != Status.INCOMPLETE) break;
        }
        assertEquals(Status.TOO_LARGE, status);
        assertEquals(0, fewOctets.pendingMessages());

        FragmentAssembler discarded = new FragmentAssembler();
        discarded.add(many.get(0), c);
        discarded.discard(false, 20);
        assertEquals(0, discarded.pendingMessages());
    }

    @Test
    void aReassembledMessageMustPassThePayloadRules() throws Exception {
        TestSkCipher c = cipher("gcm256-ecp256");
        // IKE_AUTH request without IDi
        IkeMessage bad = IkeMessage.protectedBySk(header(30, false), List.of(
                new CertPayload(CertEncoding.X509_CERTIFICATE_SIGNATURE, new byte[2000]),
                new AuthPayload(AuthMethod.DIGITAL_SIGNATURE, new byte[256])));
        FragmentAssembler assembler = new FragmentAssembler();
        List<IkeMessage> fragments = decodeAll(bad.encodeFragments(c, 576));
        for (int i = 0; i < fragments.size() - 1; i++) assembler.add(fragments.get(i), c);
        IkeMessage lastFragment = fragments.get(fragments.size() - 1);
        InvalidSyntaxException e = assertThrows(InvalidSyntaxException.class, () -> assembler.add(lastFragment, c));
        assertTrue(e.getMessage().contains("IDi"), e.getMessage());
        assertEquals(0, assembler.pendingMessages());
    }

    @Test
    void fragmentsOfOneMessageIdMustAgreeOnTheExchangeType() throws Exception {
        TestSkCipher c = cipher("gcm256-ecp256");
        IkeMessage childRequest = IkeMessage.protectedBySk(
                IkeHeader.of(0x1111222233334444L, 0x5555666677778888L, ExchangeType.CREATE_CHILD_SA, true, false, 50),
                List.of(new SaPayload(List.of(ProposalSubstructure.of(1, ProtocolId.ESP, new byte[] {1, 2, 3, 4},
                                new Proposal(List.of(new Proposal.EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 128)),
                                        List.of(), List.of(), List.of(io.vpnd.crypto.KeyExchangeGroup.MODP_8192), List.of(false))))),
                        new NoncePayload(new byte[32]), new KePayload(io.vpnd.crypto.KeyExchangeGroup.MODP_8192, new byte[1024]),
                        TsPayload.of(true, List.of(TrafficSelector.ofCidr("198.51.100.0/24"))),
                        TsPayload.of(false, List.of(TrafficSelector.ofCidr("203.0.113.0/24")))));
        List<IkeMessage> child = decodeAll(childRequest.encodeFragments(c, 576));
        List<IkeMessage> auth = decodeAll(bigAuthRequest(50).encodeFragments(c, 576));
        assertEquals(child.get(0).fragment().totalFragments(), 3);
        FragmentAssembler assembler = new FragmentAssembler();
        assertEquals(Status.INCOMPLETE, assembler.add(child.get(1), c).status());
        IkeMessage authFragment = auth.get(0);
        assertThrows(InvalidSyntaxException.class, () -> assembler.add(authFragment, c));
        assertEquals(0, assembler.pendingMessages());
    }

    @Test
    void misuseIsReported() throws Exception {
        TestSkCipher c = cipher("gcm256-ecp256");
        assertThrows(IllegalArgumentException.class, () -> bigAuthRequest(40).encodeFragments(c, 60));
        IkeMessage fragment = IkeMessage.decodeUnprotected(bigAuthRequest(41).encodeFragments(c, 576).get(0));
        assertThrows(IllegalStateException.class, () -> fragment.decrypt(c));
        IkeMessage init = IkeMessage.decodeUnprotected(Captures.ikePackets("gcm256-ecp256").get(0).ike());
        assertThrows(IllegalStateException.class, () -> init.encodeFragments(c, 576));
        assertThrows(IllegalArgumentException.class, () -> bigAuthRequest(42).encode(null));
        assertNotNull(fragment.fragment());
    }
}

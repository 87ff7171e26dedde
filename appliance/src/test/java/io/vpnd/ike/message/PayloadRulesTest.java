package io.vpnd.ike.message;

import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.KeyExchangeGroup;
import io.vpnd.crypto.PrfAlgorithm;
import io.vpnd.crypto.Proposal;
import io.vpnd.ike.message.IkeConstants.AuthMethod;
import io.vpnd.ike.message.IkeConstants.CertEncoding;
import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeConstants.NotifyType;
import io.vpnd.ike.message.IkeConstants.ProtocolId;
import io.vpnd.net.TrafficSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-exchange payload rules, as a numbered table of messages that must pass or fail. */
class PayloadRulesTest {
    private static final Proposal IKE = new Proposal(List.of(new Proposal.EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 256)),
            List.of(), List.of(PrfAlgorithm.PRF_HMAC_SHA2_256), List.of(KeyExchangeGroup.ECP_256), List.of());
    private static final Proposal ESP = new Proposal(List.of(new Proposal.EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 256)),
            List.of(), List.of(), List.of(), List.of(false));

    private static final IkePayload SA_IKE = new SaPayload(List.of(ProposalSubstructure.of(1, ProtocolId.IKE, new byte[0], IKE)));
    private static final IkePayload SA_ESP = new SaPayload(List.of(ProposalSubstructure.of(1, ProtocolId.ESP, new byte[] {1, 2, 3, 4}, ESP)));
    private static final IkePayload KE = new KePayload(KeyExchangeGroup.ECP_256, new byte[64]);
    private static final IkePayload NONCE = new NoncePayload(new byte[32]);
    private static final IkePayload IDI = IdPayload.fqdn(true, "left.vpn.test");
    private static final IkePayload IDR = IdPayload.fqdn(false, "right.vpn.test");
    private static final IkePayload AUTH = new AuthPayload(AuthMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE, new byte[32]);
    private static final IkePayload CERT = new CertPayload(CertEncoding.X509_CERTIFICATE_SIGNATURE, new byte[100]);
    private static final IkePayload CERTREQ = new CertReqPayload(CertEncoding.X509_CERTIFICATE_SIGNATURE.id(), new byte[20]);
    private static final IkePayload TSI = TsPayload.of(true, List.of(TrafficSelector.ofCidr("198.51.100.0/24")));
    private static final IkePayload TSR = TsPayload.of(false, List.of(TrafficSelector.ofCidr("203.0.113.0/24")));
    private static final IkePayload EAP = new EapPayload(new byte[] {1, 1, 0, 5, 1});
    private static final IkePayload CP = new ConfigPayload(IkeConstants.ConfigType.CFG_REQUEST, List.of());
    private static final IkePayload DELETE = DeletePayload.childSas(ProtocolId.ESP, 0x01020304);
    private static final IkePayload VID = new VendorIdPayload(new byte[16]);
    private static final IkePayload UNKNOWN = new UnknownPayload(200, false, new byte[3]);

    private static IkePayload n(NotifyType t) {
        return NotifyPayload.of(t);
    }

    private static IkeHeader header(ExchangeType type, boolean response) {
        return IkeHeader.of(1, type == ExchangeType.IKE_SA_INIT && !response ? 0 : 2, type, !response, response, 0);
    }

    private static IkeMessage clear(ExchangeType type, boolean response, IkePayload... payloads) {
        return IkeMessage.unprotected(header(type, response), List.of(payloads));
    }

    private static IkeMessage sk(ExchangeType type, boolean response, IkePayload... payloads) {
        return IkeMessage.protectedBySk(header(type, response), List.of(payloads));
    }

    private static List<IkePayload> times(int n, IkePayload p) {
        return new ArrayList<>(Collections.nCopies(n, p));
    }

    static Stream<Arguments> table() {
        ExchangeType init = ExchangeType.IKE_SA_INIT;
        ExchangeType auth = ExchangeType.IKE_AUTH;
        ExchangeType child = ExchangeType.CREATE_CHILD_SA;
        ExchangeType info = ExchangeType.INFORMATIONAL;
        List<IkePayload> manyNotifies = times(PayloadRules.MANY + 1, n(NotifyType.NAT_DETECTION_SOURCE_IP));
        List<IkePayload> tooManyCerts = times(PayloadRules.MAX_CERTS + 1, CERT);
        tooManyCerts.add(0, IDI);
        return Stream.of(
                // 1..8 IKE_SA_INIT request
                Arguments.of(1, "init request", clear(init, false, SA_IKE, KE, NONCE, n(NotifyType.NAT_DETECTION_SOURCE_IP), VID), true),
                Arguments.of(2, "init request with cookie", clear(init, false, n(NotifyType.COOKIE), SA_IKE, KE, NONCE), true),
                Arguments.of(3, "init request without KE", clear(init, false, SA_IKE, NONCE), false),
                Arguments.of(4, "init request with two nonces", clear(init, false, SA_IKE, KE, NONCE, NONCE), false),
                Arguments.of(5, "init request with IDi", clear(init, false, SA_IKE, KE, NONCE, IDI), false),
                Arguments.of(6, "init request with CERTREQ", clear(init, false, SA_IKE, KE, NONCE, CERTREQ), false),
                Arguments.of(7, "init request encrypted", sk(auth, false, SA_IKE, KE, NONCE), false),
                Arguments.of(8, "init request with an unknown payload", clear(init, false, SA_IKE, KE, NONCE, UNKNOWN), true),
                // 9..16 IKE_SA_INIT response
                Arguments.of(9, "init response", clear(init, true, SA_IKE, KE, NONCE, CERTREQ, n(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED)), true),
                Arguments.of(10, "init response INVALID_KE_PAYLOAD only", clear(init, true, NotifyPayload.of(NotifyType.INVALID_KE_PAYLOAD, new byte[] {0, 19})), true),
                Arguments.of(11, "init response COOKIE only", clear(init, true, NotifyPayload.of(NotifyType.COOKIE, new byte[16])), true),
                Arguments.of(12, "init response NO_PROPOSAL_CHOSEN and a V", clear(init, true, n(NotifyType.NO_PROPOSAL_CHOSEN), VID), true),
                Arguments.of(13, "init response with only a status notify", clear(init, true, n(NotifyType.NAT_DETECTION_SOURCE_IP)), false),
                Arguments.of(14, "init response empty", clear(init, true), false),
                Arguments.of(15, "init response without a nonce", clear(init, true, SA_IKE, KE), false),
                Arguments.of(16, "init response with 33 notifies", clear(init, true, withFirst(manyNotifies, SA_IKE, KE, NONCE)), false),
                // 17..29 IKE_AUTH request
                Arguments.of(17, "auth request with a child", sk(auth, false, IDI, CERT, CERTREQ, IDR, AUTH, CP, SA_ESP, TSI, TSR,
                        n(NotifyType.INITIAL_CONTACT), VID), true),
                Arguments.of(18, "auth request childless", sk(auth, false, IDI, AUTH, n(NotifyType.INITIAL_CONTACT)), true),
                Arguments.of(19, "auth request without AUTH (EAP follows)", sk(auth, false, IDI, SA_ESP, TSI, TSR), true),
                Arguments.of(20, "auth request SA without TSr", sk(auth, false, IDI, AUTH, SA_ESP, TSI), false),
                Arguments.of(21, "auth request TSi and TSr without SA", sk(auth, false, IDI, AUTH, TSI, TSR), false),
                Arguments.of(22, "auth request without IDi", sk(auth, false, AUTH, SA_ESP, TSI, TSR), false),
                Arguments.of(23, "auth request with two IDi", sk(auth, false, IDI, IDI, AUTH), false),
                Arguments.of(24, "auth request with 9 CERTs", sk(auth, false, tooManyCerts.toArray(IkePayload[]::new)), false),
                Arguments.of(25, "auth request with a Delete", sk(auth, false, IDI, AUTH, DELETE), false),
                Arguments.of(26, "auth request in the clear", clear(auth, false, IDI, AUTH), false),
                Arguments.of(27, "auth request EAP round", sk(auth, false, EAP), true),
                Arguments.of(28, "auth request final AUTH after EAP", sk(auth, false, AUTH), true),
                Arguments.of(29, "auth request with a KE", sk(auth, false, IDI, AUTH, KE), false),
                // 30..38 IKE_AUTH response
                Arguments.of(30, "auth response", sk(auth, true, IDR, CERT, AUTH, SA_ESP, TSI, TSR, n(NotifyType.MOBIKE_SUPPORTED)), true),
                Arguments.of(31, "auth response AUTHENTICATION_FAILED only", sk(auth, true, n(NotifyType.AUTHENTICATION_FAILED)), true),
                Arguments.of(32, "auth response IKE SA up, child refused", sk(auth, true, IDR, AUTH, n(NotifyType.TS_UNACCEPTABLE)), true),
                Arguments.of(33, "auth response with only a status notify", sk(auth, true, n(NotifyType.MOBIKE_SUPPORTED)), false),
                Arguments.of(34, "auth response first EAP", sk(auth, true, IDR, CERT, AUTH, EAP), true),
                Arguments.of(35, "auth response EAP round", sk(auth, true, EAP), true),
                Arguments.of(36, "auth response final after EAP", sk(auth, true, AUTH, SA_ESP, TSI, TSR), true),
                Arguments.of(37, "auth response unprotected INVALID_IKE_SPI", clear(auth, true, n(NotifyType.INVALID_IKE_SPI)), true),
                Arguments.of(38, "auth response unprotected AUTHENTICATION_FAILED", clear(auth, true, n(NotifyType.AUTHENTICATION_FAILED)), false),
                // 39..47 CREATE_CHILD_SA
                Arguments.of(39, "child request", sk(child, false, NotifyPayload.forChildSa(ProtocolId.ESP, 7, NotifyType.REKEY_SA, new byte[0]),
                        SA_ESP, NONCE, KE, TSI, TSR), true),
                Arguments.of(40, "child request without PFS", sk(child, false, SA_ESP, NONCE, TSI, TSR), true),
                Arguments.of(41, "IKE rekey request", sk(child, false, SA_IKE, NONCE, KE), true),
                Arguments.of(42, "child request without TS and KE", sk(child, false, SA_ESP, NONCE), false),
                Arguments.of(43, "child request without TSr", sk(child, false, SA_ESP, NONCE, KE, TSI), false),
                Arguments.of(44, "child response", sk(child, true, SA_ESP, NONCE, TSI, TSR, n(NotifyType.ADDITIONAL_TS_POSSIBLE)), true),
                Arguments.of(45, "child response NO_ADDITIONAL_SAS", sk(child, true, n(NotifyType.NO_ADDITIONAL_SAS)), true),
                Arguments.of(46, "child response TEMPORARY_FAILURE", sk(child, true, n(NotifyType.TEMPORARY_FAILURE)), true),
                Arguments.of(47, "child response without a nonce", sk(child, true, SA_ESP, TSI, TSR), false),
                // 48..55 INFORMATIONAL
                Arguments.of(48, "empty informational request (liveness check)", sk(info, false), true),
                Arguments.of(49, "informational delete", sk(info, false, DELETE, DELETE, n(NotifyType.NO_ADDITIONAL_ADDRESSES)), true),
                Arguments.of(50, "empty informational response", sk(info, true), true),
                Arguments.of(51, "informational with CP", sk(info, false, CP), true),
                Arguments.of(52, "informational with an SA", sk(info, false, SA_ESP), false),
                Arguments.of(53, "informational in the clear", clear(info, false), false),
                Arguments.of(54, "informational with 33 notifies", sk(info, false, manyNotifies.toArray(IkePayload[]::new)), false),
                Arguments.of(55, "informational response unprotected INVALID_MAJOR_VERSION", clear(info, true, n(NotifyType.INVALID_MAJOR_VERSION)), true));
    }

    private static IkePayload[] withFirst(List<IkePayload> rest, IkePayload... first) {
        List<IkePayload> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all.toArray(IkePayload[]::new);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("table")
    void rulesTable(int number, String name, IkeMessage message, boolean accepted) {
        if (accepted) {
            assertDoesNotThrow(() -> PayloadRules.check(message), "#" + number + " " + name);
        } else {
            InvalidSyntaxException e = assertThrows(InvalidSyntaxException.class, () -> PayloadRules.check(message), "#" + number + " " + name);
            assertEquals(IkeConstants.NotifyType.INVALID_SYNTAX, e.notifyType());
        }
    }

    /** The same rules are applied on receipt: error-only replies survive encode → decode → decrypt. */
    @Test
    void errorOnlyRepliesPassTheRulesOnTheWire() throws Exception {
        IkeMessage invalidKe = clear(ExchangeType.IKE_SA_INIT, true, new InvalidKePayloadException(19).toNotifyPayload());
        IkeMessage decoded = IkeMessage.decodeUnprotected(invalidKe.encode(null));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {0, 19},
                decoded.notify(NotifyType.INVALID_KE_PAYLOAD).orElseThrow().data(), "accepted group 19 in the notification data");

        TestSkCipher c = Captures.cipher("gcm256-ecp256", false);
        IkeMessage authFailed = sk(ExchangeType.IKE_AUTH, true, new AuthenticationFailedException("bad PSK").toNotifyPayload());
        IkeMessage opened = IkeMessage.decodeUnprotected(authFailed.encode(c)).decrypt(c);
        assertTrue(opened.firstErrorNotify().orElseThrow().is(NotifyType.AUTHENTICATION_FAILED));

        IkeMessage dpd = sk(ExchangeType.INFORMATIONAL, false);
        assertTrue(IkeMessage.decodeUnprotected(dpd.encode(c)).decrypt(c).payloads().isEmpty());
    }

    @Test
    void everyExchangeHasConsistentForms() {
        for (ExchangeType t : ExchangeType.values()) {
            for (boolean response : new boolean[] {false, true}) {
                List<PayloadRules.Form> forms = PayloadRules.forms(t, response);
                assertNotNull(forms, t + " " + response);
                assertFalse(forms.isEmpty());
                for (PayloadRules.Form f : forms) {
                    for (PayloadRules.Rule r : f.rules()) {
                        assertTrue(r.min() >= 0 && r.max() >= r.min() && r.max() <= PayloadRules.MANY, f.name() + " " + r);
                    }
                    assertEquals(t != ExchangeType.IKE_SA_INIT && !f.name().startsWith("unprotected"), f.encrypted(), f.name());
                }
            }
        }
    }

    @Test
    void violationsNameTheProblem() {
        InvalidSyntaxException e = assertThrows(InvalidSyntaxException.class,
                () -> PayloadRules.check(sk(ExchangeType.IKE_AUTH, false, IDI, AUTH, SA_ESP, TSI)));
        assertTrue(e.getMessage().contains("IKE_AUTH request") && e.getMessage().contains("must occur together"), e.getMessage());
    }
}

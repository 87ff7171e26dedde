package io.vpnd.ike.message;

import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.crypto.KeyExchangeGroup;
import io.vpnd.crypto.PrfAlgorithm;
import io.vpnd.crypto.Proposal;
import io.vpnd.ike.message.IkeConstants.AuthMethod;
import io.vpnd.ike.message.IkeConstants.CertEncoding;
import io.vpnd.ike.message.IkeConstants.ConfigAttributeType;
import io.vpnd.ike.message.IkeConstants.ConfigType;
import io.vpnd.ike.message.IkeConstants.IdType;
import io.vpnd.ike.message.IkeConstants.NotifyType;
import io.vpnd.ike.message.IkeConstants.PayloadType;
import io.vpnd.ike.message.IkeConstants.ProtocolId;
import io.vpnd.ike.message.IkeConstants.TransformType;
import io.vpnd.ike.message.RawPayloads.Raw;
import io.vpnd.net.TrafficSelector;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static io.vpnd.ike.message.Captures.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One hex round trip per payload type: decode(hex) → check fields → encode → the same hex. Hex
 * comes from the strongSwan captures where they have the payload, else it is written out from
 * the RFC diagram.
 */
class PayloadCodecTest {
    private static final String GCM = "gcm256-ecp256";

    private static List<Raw> initRequest() {
        return RawPayloads.ofMessage(Captures.ikePackets(GCM).get(0).ike());
    }

    private static List<Raw> authRequestInner() throws Exception {
        return RawPayloads.insideSk(GCM, Captures.ikePackets(GCM).get(2).ike());
    }

    /** Decodes one payload (generic header + body) and checks that it encodes back to the same octets. */
    private static IkePayload roundTrip(byte[] octets) throws IkeProtocolException {
        return roundTrip(octets, -1);
    }

    private static IkePayload roundTrip(byte[] octets, int type) throws IkeProtocolException {
        int next = octets[0] & 0xff;
        int length = ((octets[2] & 0xff) << 8) | (octets[3] & 0xff);
        assertEquals(octets.length, length, "test vector length field");
        byte[] body = java.util.Arrays.copyOfRange(octets, 4, octets.length);
        IkePayload p;
        if (type == PayloadType.SK.id()) p = EncryptedPayload.decodeBody(next, body);
        else if (type == PayloadType.SKF.id()) p = EncryptedFragmentPayload.decodeBody(next, body);
        else p = PayloadChain.decodePayload(type, (octets[1] & 0x80) != 0, body);
        // for SK/SKF the Next Payload field is the first inner payload, so the same field is passed back
        assertArrayEquals(octets, p.encode(next), "re-encoding " + p);
        assertArrayEquals(body, p.encodeBody());
        assertEquals(octets.length, p.encodedLength());
        return p;
    }

    private static IkePayload roundTrip(Raw raw) throws IkeProtocolException {
        return roundTrip(raw.octets(), raw.type());
    }

    @Test
    void saPayloadFromCaptureWithSubstructures() throws Exception {
        SaPayload sa = (SaPayload) roundTrip(RawPayloads.first(initRequest(), PayloadType.SA.id()));
        ProposalSubstructure p = sa.proposals().get(0);
        assertEquals(1, p.number());
        assertEquals(ProtocolId.IKE, p.protocol());
        assertEquals(3, p.transforms().size());
        TransformSubstructure encr = p.transforms().get(0);
        assertEquals(TransformType.ENCR, encr.transformType());
        assertEquals(EncryptionAlgorithm.ENCR_AES_GCM_16.id(), encr.id());
        assertEquals(256, encr.keyLength().getAsInt());
        assertEquals(List.of(TransformAttribute.keyLength(256)), encr.attributes());
        assertEquals(new TransformSubstructure(TransformType.PRF, PrfAlgorithm.PRF_HMAC_SHA2_256.id()), p.transforms().get(1));
        assertEquals(new TransformSubstructure(TransformType.DH, KeyExchangeGroup.ECP_256.id()), p.transforms().get(2));
    }

    @Test
    void saPayloadWithTwoProposalsKeepsUnknownTransformIds() throws Exception {
        String hex = "2200004c"
                + "02000024" + "01010003" + "0300000c01000014800e0100" + "0300000802000005" + "0000000804000013"
                + "00000024" + "02010003" + "0300000c01000400800e0100" + "0300000802000005" + "000000080400001f";
        SaPayload sa = (SaPayload) roundTrip(hex(hex), PayloadType.SA.id());
        assertEquals(2, sa.proposals().size());
        ProposalSubstructure second = sa.proposals().get(1);
        assertEquals(2, second.number());
        assertEquals(1024, second.transforms().get(0).id(), "unknown encryption ID kept as received");
        Proposal known = second.toProposal();
        assertTrue(known.encryption().isEmpty());
        assertEquals(List.of(PrfAlgorithm.PRF_HMAC_SHA2_256), known.prf());
        assertEquals(List.of(KeyExchangeGroup.CURVE25519), known.groups());
        assertTrue(second.hasUnusableTransformType(), "ENCR present but none usable: negotiation must skip it");
        assertFalse(sa.proposals().get(0).hasUnusableTransformType());
    }

    @Test
    void proposalConversionRoundTripsAndFlagsUnusableTypes() throws Exception {
        Proposal esp = new Proposal(List.of(new Proposal.EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, 128),
                new Proposal.EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, 256)),
                List.of(IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128, IntegrityAlgorithm.AUTH_HMAC_SHA1_96),
                List.of(), List.of(KeyExchangeGroup.MODP_2048), List.of(true, false));
        ProposalSubstructure p = ProposalSubstructure.of(1, ProtocolId.ESP, hex("c0ffee01"), esp);
        assertEquals(0xc0ffee01, p.childSpi());
        SaPayload decoded = SaPayload.decodeBody(new SaPayload(List.of(p)).encodeBody());
        assertEquals(esp, decoded.proposals().get(0).toProposal());
        assertEquals(List.of(TransformType.ENCR, TransformType.ENCR, TransformType.INTEG, TransformType.INTEG,
                TransformType.DH, TransformType.ESN, TransformType.ESN),
                p.transforms().stream().map(TransformSubstructure::transformType).toList(), "strongSwan's transform order");

        // AEAD with INTEG NONE (id 0): usable, integrity list empty
        ProposalSubstructure withNone = new ProposalSubstructure(1, ProtocolId.ESP.id(), hex("00000001"), List.of(
                TransformSubstructure.encryption(EncryptionAlgorithm.ENCR_AES_GCM_16, 128),
                new TransformSubstructure(TransformType.INTEG, IkeConstants.INTEG_NONE),
                TransformSubstructure.esn(false)));
        assertFalse(withNone.hasUnusableTransformType());
        assertTrue(withNone.toProposal().integrity().isEmpty());

        // PFS group vpnd lacks: would look like "no PFS" after conversion, so it is flagged
        ProposalSubstructure unknownGroup = new ProposalSubstructure(1, ProtocolId.ESP.id(), hex("00000001"), List.of(
                TransformSubstructure.encryption(EncryptionAlgorithm.ENCR_AES_GCM_16, 128),
                new TransformSubstructure(TransformType.DH, 35), TransformSubstructure.esn(false)));
        assertTrue(unknownGroup.toProposal().groups().isEmpty());
        assertTrue(unknownGroup.hasUnusableTransformType());

        // an unknown transform type (e.g. RFC 9370 additional key exchange) makes the proposal unusable
        ProposalSubstructure unknownType = new ProposalSubstructure(1, ProtocolId.ESP.id(), hex("00000001"), List.of(
                TransformSubstructure.encryption(EncryptionAlgorithm.ENCR_AES_GCM_16, 128),
                new TransformSubstructure(6, 31, List.of())));
        assertTrue(unknownType.hasUnusableTransformType());

        // AES with a bad key length or no Key Length is not usable
        ProposalSubstructure badKey = new ProposalSubstructure(1, ProtocolId.ESP.id(), hex("00000001"), List.of(
                new TransformSubstructure(TransformType.ENCR.id(), EncryptionAlgorithm.ENCR_AES_CBC.id(), List.of(TransformAttribute.keyLength(64))),
                new TransformSubstructure(TransformType.ENCR, EncryptionAlgorithm.ENCR_AES_CBC.id())));
        assertTrue(badKey.toProposal().encryption().isEmpty());
        assertTrue(badKey.hasUnusableTransformType());

        ProposalSubstructure ikeRekey = ProposalSubstructure.of(1, ProtocolId.IKE, hex("0102030405060708"),
                new Proposal(List.of(new Proposal.EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 256)), List.of(),
                        List.of(PrfAlgorithm.PRF_HMAC_SHA2_256), List.of(KeyExchangeGroup.ECP_256), List.of()));
        assertEquals(0x0102030405060708L, ikeRekey.ikeSpi());
    }

    @Test
    void transformAttributeTlvFormatRoundTrips() throws Exception {
        // a transform with an unknown TLV attribute (type 17, 3 octets): kept, and makes the transform unusable
        String hex = "2100001b" + "00000017" + "01010001" + "0000000f" + "0100000c" + "00110003aabbcc";
        SaPayload sa = (SaPayload) roundTrip(hex(hex), PayloadType.SA.id());
        TransformAttribute a = sa.proposals().get(0).transforms().get(0).attributes().get(0);
        assertFalse(a.tvFormat());
        assertEquals(17, a.type());
        assertArrayEquals(hex("aabbcc"), a.value());
        assertTrue(sa.proposals().get(0).hasUnusableTransformType());
    }

    @Test
    void kePayloadFromCapture() throws Exception {
        KePayload ke = (KePayload) roundTrip(RawPayloads.first(initRequest(), PayloadType.KE.id()));
        assertEquals(KeyExchangeGroup.ECP_256, ke.group());
        assertEquals(64, ke.keyExchangeData().length);
        assertEquals(ke, new KePayload(KeyExchangeGroup.ECP_256, ke.keyExchangeData()));
    }

    @Test
    void noncePayloadFromCapture() throws Exception {
        NoncePayload no = (NoncePayload) roundTrip(RawPayloads.first(initRequest(), PayloadType.NONCE.id()));
        assertEquals(32, no.nonce().length);
    }

    @Test
    void notifyPayloadsFromCaptureAndForAChildSa() throws Exception {
        NotifyPayload natd = (NotifyPayload) roundTrip(RawPayloads.first(initRequest(), PayloadType.N.id()));
        assertTrue(natd.is(NotifyType.NAT_DETECTION_SOURCE_IP));
        assertEquals(0, natd.protocolId());
        assertEquals(0, natd.spi().length);
        assertEquals(20, natd.data().length);
        assertFalse(natd.isError());

        NotifyPayload rekey = (NotifyPayload) roundTrip(hex("2900000c03044009c0ffee01"), PayloadType.N.id());
        assertEquals(NotifyType.REKEY_SA, rekey.notifyType());
        assertEquals(ProtocolId.ESP.id(), rekey.protocolId());
        assertEquals(0xc0ffee01, rekey.childSpi());
        assertEquals(rekey, NotifyPayload.forChildSa(ProtocolId.ESP, 0xc0ffee01, NotifyType.REKEY_SA, new byte[0]));

        NotifyPayload invalidKe = (NotifyPayload) roundTrip(hex("0000000a000000110013"), PayloadType.N.id());
        assertEquals(NotifyType.INVALID_KE_PAYLOAD, invalidKe.notifyType());
        assertTrue(invalidKe.isError());
        assertArrayEquals(hex("0013"), invalidKe.data());

        NotifyPayload unknownError = (NotifyPayload) roundTrip(hex("0000000800000fff"), PayloadType.N.id());
        assertEquals(null, unknownError.notifyType());
        assertTrue(unknownError.isError(), "unknown error types are still errors (RFC 7296 §3.10.1)");
    }

    @Test
    void idPayloadsFromCapture() throws Exception {
        List<Raw> inner = authRequestInner();
        IdPayload idi = (IdPayload) roundTrip(RawPayloads.first(inner, PayloadType.IDi.id()));
        assertTrue(idi.isInitiator());
        assertEquals(IdType.ID_FQDN, idi.idType());
        assertEquals("left.vpn.test", idi.displayValue());
        assertEquals(idi, IdPayload.fqdn(true, "left.vpn.test"));
        IdPayload idr = (IdPayload) roundTrip(RawPayloads.first(inner, PayloadType.IDr.id()));
        assertFalse(idr.isInitiator());
        assertEquals(idr, IdPayload.fqdn(false, "right.vpn.test"));

        IdPayload v4 = (IdPayload) roundTrip(hex("2400000c01000000c0000201"), PayloadType.IDi.id());
        assertEquals(IdType.ID_IPV4_ADDR, v4.idType());
        assertEquals("192.0.2.1", v4.displayValue());
        assertTrue(v4.isAddress(InetAddress.getByName("192.0.2.1")));
        assertEquals(v4, IdPayload.address(true, InetAddress.getByName("192.0.2.1")));
    }

    @Test
    void authPayloadFromCapture() throws Exception {
        AuthPayload auth = (AuthPayload) roundTrip(RawPayloads.first(authRequestInner(), PayloadType.AUTH.id()));
        assertEquals(AuthMethod.SHARED_KEY_MESSAGE_INTEGRITY_CODE, auth.method());
        assertEquals(32, auth.authData().length);
        assertFalse(auth.toString().contains(Captures.hex(auth.authData()).substring(0, 8)), "AUTH data is not logged");
    }

    @Test
    void espSaPayloadFromCapture() throws Exception {
        SaPayload sa = (SaPayload) roundTrip(RawPayloads.first(authRequestInner(), PayloadType.SA.id()));
        ProposalSubstructure p = sa.proposals().get(0);
        assertEquals(ProtocolId.ESP, p.protocol());
        assertEquals(new Proposal(List.of(new Proposal.EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 256)),
                List.of(), List.of(), List.of(), List.of(false)), p.toProposal());
    }

    @Test
    void tsPayloadsFromCapture() throws Exception {
        List<Raw> inner = authRequestInner();
        TsPayload tsi = (TsPayload) roundTrip(RawPayloads.first(inner, PayloadType.TSi.id()));
        assertTrue(tsi.isInitiator());
        assertEquals(List.of(TrafficSelector.ofCidr("198.51.100.0/24")), tsi.trafficSelectors());
        TsPayload tsr = (TsPayload) roundTrip(RawPayloads.first(inner, PayloadType.TSr.id()));
        assertFalse(tsr.isInitiator());
        assertEquals(tsr, TsPayload.of(false, List.of(TrafficSelector.ofCidr("203.0.113.0/24"))));
    }

    @Test
    void tsPayloadWithIpv6AndUnknownTypeAndOpaquePorts() throws Exception {
        String v6 = "08060028" + "0000ffff" + "20010db8000000000000000000000000" + "20010db8ffffffffffffffffffffffff";
        String other = "0a000008aabbccdd";
        String opaque = "07110010" + "ffff0000" + "c0000201" + "c0000201";
        TsPayload ts = (TsPayload) roundTrip(hex("00000048" + "03000000" + v6 + other + opaque), PayloadType.TSr.id());
        assertEquals(3, ts.selectors().size());
        TsPayload.AddressRange range = (TsPayload.AddressRange) ts.selectors().get(0);
        assertEquals(6, range.ipProtocol());
        assertEquals(IkeConstants.TsType.TS_IPV6_ADDR_RANGE.id(), range.tsType());
        assertInstanceOf(TsPayload.OtherSelector.class, ts.selectors().get(1));
        assertEquals(10, ts.selectors().get(1).tsType());
        TrafficSelector expected = new TrafficSelector(InetAddress.getByName("2001:db8::"),
                InetAddress.getByName("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"), 6, 0, 65535);
        assertEquals(List.of(expected), ts.trafficSelectors(), "unknown type and OPAQUE ports are left out");
    }

    @Test
    void certPayload() throws Exception {
        CertPayload cert = (CertPayload) roundTrip(hex("0000000d" + "04" + "3006020101020102"), PayloadType.CERT.id());
        assertEquals(CertEncoding.X509_CERTIFICATE_SIGNATURE, cert.encoding());
        assertArrayEquals(hex("3006020101020102"), cert.certificateData());
    }

    @Test
    void certReqPayload() throws Exception {
        String h1 = "11".repeat(20);
        String h2 = "22".repeat(20);
        CertReqPayload req = (CertReqPayload) roundTrip(hex("2f00002d04" + h1 + h2), PayloadType.CERTREQ.id());
        assertEquals(2, req.caKeyHashes().size());
        assertArrayEquals(hex(h2), req.caKeyHashes().get(1));
        assertEquals(req, CertReqPayload.x509(List.of(hex(h1), hex(h2))));
        CertReqPayload any = (CertReqPayload) roundTrip(hex("0000000504"), PayloadType.CERTREQ.id());
        assertTrue(any.caKeyHashes().isEmpty());
    }

    @Test
    void deletePayloads() throws Exception {
        DeletePayload ike = (DeletePayload) roundTrip(hex("0000000801000000"), PayloadType.D.id());
        assertTrue(ike.deletesIkeSa());
        assertEquals(ike, DeletePayload.ikeSa());
        DeletePayload esp = (DeletePayload) roundTrip(hex("2a00001003040002c0ffee01c0ffee02"), PayloadType.D.id());
        assertEquals(ProtocolId.ESP, esp.protocol());
        assertArrayEquals(new int[] {0xc0ffee01, 0xc0ffee02}, esp.childSpis());
        assertEquals(esp, DeletePayload.childSas(ProtocolId.ESP, 0xc0ffee01, 0xc0ffee02));
    }

    @Test
    void vendorIdPayload() throws Exception {
        VendorIdPayload v = (VendorIdPayload) roundTrip(hex("00000014882fe56d6fd20dbc2251613b2ebe5beb"), PayloadType.V.id());
        assertArrayEquals(hex("882fe56d6fd20dbc2251613b2ebe5beb"), v.vendorId());
    }

    @Test
    void configPayloads() throws Exception {
        ConfigPayload request = (ConfigPayload) roundTrip(hex("00000014" + "01000000" + "00010000" + "00030000" + "00080000"),
                PayloadType.CP.id());
        assertEquals(ConfigType.CFG_REQUEST, request.cfgType());
        assertEquals(3, request.attributes().size());
        assertEquals(ConfigAttributeType.INTERNAL_IP6_ADDRESS, request.attributes().get(2).knownType());
        assertEquals(0, request.attribute(ConfigAttributeType.INTERNAL_IP4_DNS).orElseThrow().value().length);

        ConfigPayload reply = (ConfigPayload) roundTrip(hex("00000018" + "02000000" + "00010004c0000264" + "00020004ffffff00"),
                PayloadType.CP.id());
        assertArrayEquals(hex("c0000264"), reply.attribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS).orElseThrow().value());
        assertEquals(reply, new ConfigPayload(ConfigType.CFG_REPLY, List.of(
                new ConfigPayload.Attribute(ConfigAttributeType.INTERNAL_IP4_ADDRESS, hex("c0000264")),
                new ConfigPayload.Attribute(ConfigAttributeType.INTERNAL_IP4_NETMASK, hex("ffffff00")))));
    }

    @Test
    void eapPayloadIsOpaque() throws Exception {
        EapPayload eap = (EapPayload) roundTrip(hex("000000090101000501"), PayloadType.EAP.id());
        assertArrayEquals(hex("0101000501"), eap.eapMessage());
        assertFalse(eap.toString().contains("0101"), "EAP content is not logged");
    }

    @Test
    void encryptedPayloadFromCapture() throws Exception {
        byte[] message = Captures.ikePackets(GCM).get(2).ike();
        Raw sk = RawPayloads.first(RawPayloads.ofMessage(message), PayloadType.SK.id());
        EncryptedPayload p = (EncryptedPayload) roundTrip(sk);
        assertEquals(PayloadType.IDi.id(), p.firstInnerPayloadType());
        assertEquals(sk.octets().length - 4, p.body().length);
    }

    @Test
    void encryptedFragmentPayload() throws Exception {
        String body = "00ff".repeat(10);
        EncryptedFragmentPayload f = (EncryptedFragmentPayload) roundTrip(hex("2300001c" + "00010003" + body), PayloadType.SKF.id());
        assertEquals(PayloadType.IDi.id(), f.firstInnerPayloadType());
        assertEquals(1, f.fragmentNumber());
        assertEquals(3, f.totalFragments());
        assertArrayEquals(hex(body), f.protectedBody());
    }

    @Test
    void unknownPayloadsAreKeptOrRejectedByTheCriticalBit() throws Exception {
        UnknownPayload u = (UnknownPayload) roundTrip(hex("00000008deadbeef"), 128);
        assertEquals(128, u.typeId());
        assertFalse(u.isCritical());
        // a payload type defined by IANA but not implemented by vpnd is "not understood" as well
        assertInstanceOf(UnknownPayload.class, roundTrip(hex("00000005aa"), PayloadType.GSPM.id()));

        UnsupportedCriticalPayloadException e = assertThrows(UnsupportedCriticalPayloadException.class,
                () -> roundTrip(hex("00800008deadbeef"), 128));
        assertEquals(128, e.payloadType());
        assertArrayEquals(new byte[] {(byte) 128}, e.notificationData());
        assertEquals(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD, e.notifyType());
    }

    @Test
    void criticalBitOnAKnownPayloadIsIgnored() throws Exception {
        byte[] criticalNonce = hex("00800014" + "00112233445566778899aabbccddeeff");
        NoncePayload n = (NoncePayload) PayloadChain.decodePayload(PayloadType.NONCE.id(), true,
                java.util.Arrays.copyOfRange(criticalNonce, 4, criticalNonce.length));
        assertArrayEquals(hex("00000014" + "00112233445566778899aabbccddeeff"), n.encode(0), "sent with the bit clear");
    }
}

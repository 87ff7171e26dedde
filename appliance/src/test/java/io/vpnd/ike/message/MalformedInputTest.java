package io.vpnd.ike.message;

import io.vpnd.ike.crypto.SkCipher.IntegrityCheckFailedException;
import io.vpnd.ike.message.Captures.Packet;
import io.vpnd.ike.message.IkeConstants.PayloadType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.vpnd.ike.message.Captures.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Hostile input: every failure must be the right typed {@link IkeProtocolException} (or an
 * integrity failure), never an IndexOutOfBounds, NegativeArraySize, IllegalArgument or the like.
 */
class MalformedInputTest {
    private static final String GCM = "gcm256-ecp256";

    private static List<byte[]> allCapturedIkeMessages() {
        List<byte[]> out = new ArrayList<>();
        for (String c : Captures.CASES) {
            for (Packet p : Captures.ikePackets(c)) out.add(p.ike());
        }
        return out;
    }

    @Test
    void truncationAtEveryOffsetOfEveryCapturedMessageIsInvalidSyntax() {
        int checked = 0;
        for (byte[] message : allCapturedIkeMessages()) {
            for (int k = 0; k < message.length; k++) {
                byte[] prefix = Arrays.copyOf(message, k);
                assertThrows(InvalidSyntaxException.class, () -> IkeMessage.decodeUnprotected(prefix), "prefix " + k);
                if (k >= IkeConstants.HEADER_LENGTH) {
                    // with a consistent header length the truncation must be found in the payload chain
                    byte[] patched = prefix.clone();
                    patched[24] = (byte) (k >>> 24);
                    patched[25] = (byte) (k >>> 16);
                    patched[26] = (byte) (k >>> 8);
                    patched[27] = (byte) k;
                    assertThrows(InvalidSyntaxException.class, () -> IkeMessage.decodeUnprotected(patched), "patched prefix " + k);
                }
                checked++;
            }
        }
        assertTrue(checked > 3000, "checked " + checked + " truncations");
    }

    /** The decrypted content of the captured IKE_AUTH request. */
    private static byte[] authRequestContent() throws Exception {
        byte[] message = Captures.ikePackets(GCM).get(2).ike();
        TestSkCipher cipher = Captures.cipher(GCM, true);
        IkeMessage.decodeUnprotected(message).decrypt(cipher);
        byte[] plaintext = cipher.lastPlaintext;
        return Arrays.copyOf(plaintext, plaintext.length - (plaintext[plaintext.length - 1] & 0xff) - 1);
    }

    /** An IKE_AUTH request whose SK payload protects {@code content} (any octets) with a valid ICV. */
    static byte[] sealedMessage(IkeHeader header, int firstInner, byte[] content, TestSkCipher cipher) {
        int skLength = 4 + SkProtection.bodyLength(cipher, content.length);
        ByteWriter aad = new ByteWriter();
        header.withNextPayloadAndLength(PayloadType.SK.id(), IkeConstants.HEADER_LENGTH + skLength).write(aad);
        aad.u8(firstInner).u8(0).u16(skLength);
        byte[] a = aad.toByteArray();
        ByteWriter out = new ByteWriter();
        out.bytes(a).bytes(SkProtection.seal(cipher, a, content));
        return out.toByteArray();
    }

    private static IkeHeader authRequestHeader() throws Exception {
        return IkeHeader.decode(Captures.ikePackets(GCM).get(2).ike());
    }

    @Test
    void truncationInsideAuthenticatedContentIsInvalidSyntaxAfterDecrypt() throws Exception {
        byte[] content = authRequestContent();
        IkeHeader header = authRequestHeader();
        TestSkCipher cipher = Captures.cipher(GCM, true);
        // the untouched content decrypts: the helper itself is sound
        IkeMessage.decodeUnprotected(sealedMessage(header, PayloadType.IDi.id(), content, cipher)).decrypt(cipher);
        for (int k = 0; k < content.length; k++) {
            byte[] prefix = Arrays.copyOf(content, k);
            IkeMessage sealed = IkeMessage.decodeUnprotected(sealedMessage(header, PayloadType.IDi.id(), prefix, cipher));
            assertThrows(InvalidSyntaxException.class, () -> sealed.decrypt(cipher), "content prefix " + k);
        }
    }

    @Test
    void criticalUnknownPayloadInsideSkIsUnsupportedCriticalPayload() throws Exception {
        byte[] content = authRequestContent();
        // prepend an unknown critical payload of type 200 pointing at the original first payload (IDi)
        byte[] withUnknown = new ByteWriter().u8(PayloadType.IDi.id()).u8(0x80).u16(6).u16(0xabcd).bytes(content).toByteArray();
        TestSkCipher cipher = Captures.cipher(GCM, true);
        IkeMessage sealed = IkeMessage.decodeUnprotected(sealedMessage(authRequestHeader(), 200, withUnknown, cipher));
        UnsupportedCriticalPayloadException e = assertThrows(UnsupportedCriticalPayloadException.class, () -> sealed.decrypt(cipher));
        assertArrayEquals(new byte[] {(byte) 200}, e.notificationData());
        assertArrayEquals(new byte[] {(byte) 200}, e.toNotifyPayload().data());

        // the same payload non-critical is skipped and kept
        withUnknown[1] = 0;
        IkeMessage open = IkeMessage.decodeUnprotected(sealedMessage(authRequestHeader(), 200, withUnknown, cipher)).decrypt(cipher);
        assertInstanceOf(UnknownPayload.class, open.encryptedPayloads().get(0));
        assertTrue(open.idInitiator().isPresent());
    }

    @Test
    void impossiblePadLengthAfterDecryptIsInvalidSyntax() throws Exception {
        TestSkCipher cipher = Captures.cipher(GCM, true);
        IkeHeader header = authRequestHeader();
        // build a body whose plaintext claims 200 octets of padding in a 4-octet plaintext
        int skLength = 4 + 8 + 4 + 16;
        ByteWriter aad = new ByteWriter();
        header.withNextPayloadAndLength(PayloadType.SK.id(), 28 + skLength).write(aad);
        aad.u8(0).u8(0).u16(skLength);
        byte[] a = aad.toByteArray();
        byte[] body = cipher.encrypt(a, new byte[] {0, 0, 0, (byte) 200});
        byte[] message = new ByteWriter().bytes(a).bytes(body).toByteArray();
        IkeMessage sealed = IkeMessage.decodeUnprotected(message);
        assertThrows(InvalidSyntaxException.class, () -> sealed.decrypt(cipher));
    }

    @Test
    void tamperedCiphertextFailsTheIntegrityCheck() throws Exception {
        byte[] message = Captures.ikePackets(GCM).get(2).ike().clone();
        message[message.length - 20] ^= 1;
        IkeMessage sealed = IkeMessage.decodeUnprotected(message);
        assertThrows(IntegrityCheckFailedException.class, () -> sealed.decrypt(Captures.cipher(GCM, true)));
        // an SK body shorter than IV + ICV is an integrity failure too (dropped, not answered)
        byte[] shortSk = hex("0102030405060708" + "0000000000000000" + "2e202308" + "00000001" + "00000024" + "23000008" + "00000000");
        IkeMessage s = IkeMessage.decodeUnprotected(shortSk);
        assertThrows(IntegrityCheckFailedException.class, () -> s.decrypt(Captures.cipher(GCM, true)));
    }

    /** A 28-octet IKE_SA_INIT request header followed by {@code payloadsHex}, with consistent lengths. */
    static byte[] initRequest(int firstPayload, String payloadsHex) {
        byte[] payloads = hex(payloadsHex);
        IkeHeader h = IkeHeader.of(0x0102030405060708L, 0, IkeConstants.ExchangeType.IKE_SA_INIT, true, false, 0)
                .withNextPayloadAndLength(firstPayload, 28 + payloads.length);
        return new ByteWriter().bytes(h.encode()).bytes(payloads).toByteArray();
    }

    static Stream<Arguments> malformedMessages() {
        String nonce = "00000014" + "00112233445566778899aabbccddeeff";
        return Stream.of(
                Arguments.of("payload length below 4", initRequest(40, "00000003"), InvalidSyntaxException.class, "payload length 3"),
                Arguments.of("payload length beyond the message", initRequest(40, "00000040" + "00112233445566778899aabbccddeeff"),
                        InvalidSyntaxException.class, "exceeds"),
                Arguments.of("octets after the last payload", initRequest(40, nonce + "00"), InvalidSyntaxException.class, "after the last payload"),
                Arguments.of("next payload missing", initRequest(40, "29000014" + "00112233445566778899aabbccddeeff"),
                        InvalidSyntaxException.class, "next payload of N"),
                Arguments.of("critical unknown payload", initRequest(200, "28800008aabbccdd" + nonce),
                        UnsupportedCriticalPayloadException.class, "PAYLOAD_200"),
                Arguments.of("SK in IKE_SA_INIT", initRequest(46, "00000018" + "00".repeat(20)), InvalidSyntaxException.class,
                        "IKE_SA_INIT request with an encrypted payload"),
                Arguments.of("SK not the last payload", initRequest(46, "28000018" + "00".repeat(20) + nonce), InvalidSyntaxException.class,
                        "SK payload is not the last"),
                Arguments.of("rules: IKE_SA_INIT request with only a nonce", initRequest(40, nonce), InvalidSyntaxException.class,
                        "0 SA payloads"),
                Arguments.of("IKE_AUTH in the clear", hex("0102030405060708" + "0a0b0c0d0e0f1011" + "23202308" + "00000001" + "00000030"
                        + "00000014" + "00112233445566778899aabbccddeeff"), InvalidSyntaxException.class, "needs an SK payload"),
                Arguments.of("known payload next to SK", hex("0102030405060708" + "0a0b0c0d0e0f1011" + "29202308" + "00000001" + "00000040"
                        + "2e00000c" + "00004006" + "00000000" + "00000018" + "00".repeat(20)), InvalidSyntaxException.class,
                        "N outside the encrypted payload"),
                Arguments.of("unknown exchange type", hex("0102030405060708" + "0000000000000000" + "00202808" + "00000000" + "0000001c"),
                        InvalidSyntaxException.class, "unknown exchange type 40"),
                Arguments.of("IKEv1 header", hex("0102030405060708" + "0000000000000000" + "01100200" + "00000000" + "0000001c"),
                        InvalidMajorVersionException.class, "version 1"),
                Arguments.of("major version 3", hex("0102030405060708" + "0000000000000000" + "00302208" + "00000000" + "0000001c"),
                        InvalidMajorVersionException.class, "version 3"),
                Arguments.of("SKF fragment number 0", hex("0102030405060708" + "0a0b0c0d0e0f1011" + "35202308" + "00000001" + "00000034"
                        + "23000018" + "00000002" + "00".repeat(16)), InvalidSyntaxException.class, "fragment 0 of 2"),
                Arguments.of("SKF fragment number above total", hex("0102030405060708" + "0a0b0c0d0e0f1011" + "35202308" + "00000001" + "00000034"
                        + "00000018" + "00030002" + "00".repeat(16)), InvalidSyntaxException.class, "fragment 3 of 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedMessages")
    void malformedMessagesRaiseTheirTypedException(String name, byte[] message, Class<? extends IkeProtocolException> expected,
                                                   String reason) {
        IkeProtocolException e = assertThrows(IkeProtocolException.class, () -> IkeMessage.decodeUnprotected(message));
        assertEquals(expected, e.getClass(), name + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(reason), name + ": expected '" + reason + "' in: " + e.getMessage());
    }

    static Stream<Arguments> malformedPayloadBodies() {
        String v4 = "07000010" + "0000ffff" + "c6336400" + "c63364ff";
        String transform = "0000000802000005";
        return Stream.of(
                Arguments.of("nonce of 15 octets", PayloadType.NONCE, "00".repeat(15)),
                Arguments.of("nonce of 257 octets", PayloadType.NONCE, "00".repeat(257)),
                Arguments.of("KE shorter than its fixed part", PayloadType.KE, "001300"),
                Arguments.of("KE without data", PayloadType.KE, "00130000"),
                Arguments.of("ID shorter than its fixed part", PayloadType.IDi, "0200"),
                Arguments.of("ID_IPV4_ADDR of 5 octets", PayloadType.IDi, "01000000c000020101"),
                Arguments.of("ID_IPV6_ADDR of 4 octets", PayloadType.IDr, "05000000c0000201"),
                Arguments.of("AUTH without data", PayloadType.AUTH, "02000000"),
                Arguments.of("CERT without data", PayloadType.CERT, "04"),
                Arguments.of("CERTREQ empty", PayloadType.CERTREQ, ""),
                Arguments.of("notify shorter than its fixed part", PayloadType.N, "000040"),
                Arguments.of("notify SPI size beyond the payload", PayloadType.N, "03084009c0ffee01"),
                Arguments.of("delete count says 2, has 1 SPI", PayloadType.D, "03040002c0ffee01"),
                Arguments.of("delete with trailing octets", PayloadType.D, "01000000ff"),
                Arguments.of("delete of ESP with 8-octet SPIs", PayloadType.D, "030800010102030405060708"),
                Arguments.of("delete of the IKE SA with an SPI", PayloadType.D, "010800010102030405060708"),
                Arguments.of("TS count 2 with 1 selector", PayloadType.TSi, "02000000" + v4),
                Arguments.of("TS octets after the selectors", PayloadType.TSi, "01000000" + v4 + "00"),
                Arguments.of("TS IPv4 selector of length 15", PayloadType.TSi, "01000000" + "0700000f" + "0000ffff" + "c6336400" + "c63364"),
                Arguments.of("TS IPv6 selector of length 16", PayloadType.TSr, "01000000" + "08000010" + "0000ffff" + "00".repeat(8)),
                Arguments.of("TS selector length below 4", PayloadType.TSr, "01000000" + "0a000002"),
                Arguments.of("TS selector beyond the payload", PayloadType.TSr, "01000000" + "0a000010aabb"),
                Arguments.of("CP attribute beyond the payload", PayloadType.CP, "01000000" + "00010004c000"),
                Arguments.of("CP shorter than its fixed part", PayloadType.CP, "0100"),
                Arguments.of("SA without proposals", PayloadType.SA, ""),
                Arguments.of("proposal Last Substruc 1", PayloadType.SA, "01000010" + "01010001" + transform),
                Arguments.of("proposal length below 8", PayloadType.SA, "00000007" + "01010001" + transform),
                Arguments.of("proposal length beyond the payload", PayloadType.SA, "00000030" + "01010001" + transform),
                Arguments.of("proposal says more follow but none does", PayloadType.SA, "02000010" + "01010001" + transform),
                Arguments.of("last proposal followed by octets", PayloadType.SA, "00000010" + "01010001" + transform + "00"),
                Arguments.of("transform count 2 with 1 transform", PayloadType.SA, "00000010" + "01010002" + transform),
                Arguments.of("transform count 1 with 2 transforms", PayloadType.SA, "00000018" + "01010001" + "0300000802000005" + transform),
                Arguments.of("proposal without transforms", PayloadType.SA, "00000008" + "01010000"),
                Arguments.of("transform length below 8", PayloadType.SA, "00000010" + "01010001" + "0000000702000005"),
                Arguments.of("transform Last Substruc 2", PayloadType.SA, "00000010" + "01010001" + "0200000802000005"),
                Arguments.of("TV attribute cut short", PayloadType.SA, "00000012" + "01010001" + "0000000a0100000c" + "800e"),
                Arguments.of("TLV attribute beyond the transform", PayloadType.SA, "00000014" + "01010001" + "0000000c0100000c" + "00110008"),
                Arguments.of("proposal numbers 1 then 3", PayloadType.SA, "02000010" + "01010001" + transform + "00000010" + "03010001" + transform),
                Arguments.of("ESP proposal with an 8-octet SPI", PayloadType.SA, "00000018" + "01030801" + "0102030405060708" + transform),
                Arguments.of("IKE proposal with a 4-octet SPI", PayloadType.SA, "00000014" + "01010401" + "01020304" + transform));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedPayloadBodies")
    void malformedPayloadBodiesAreInvalidSyntax(String name, PayloadType type, String bodyHex) {
        assertThrows(InvalidSyntaxException.class, () -> PayloadChain.decodePayload(type.id(), false, hex(bodyHex)), name);
    }

    @Test
    void randomMutationsOfCapturedMessagesRaiseOnlyTypedErrors() throws Exception {
        Random random = new Random(7296);
        int accepted = 0;
        int rejected = 0;
        for (String c : Captures.CASES) {
            for (Packet p : Captures.ikePackets(c)) {
                for (int i = 0; i < 1500; i++) {
                    byte[] m = mutate(p.ike(), random);
                    try {
                        IkeMessage decoded = IkeMessage.decodeUnprotected(m);
                        if (decoded.protection() == IkeMessage.Protection.SEALED) {
                            decoded.decrypt(Captures.cipher(c, decoded.header().initiatorFlag()));
                        }
                        accepted++;
                    } catch (IkeProtocolException | IntegrityCheckFailedException e) {
                        rejected++;
                    } catch (RuntimeException e) {
                        fail("mutated " + p + " raised " + e + " for " + Captures.hex(m), e);
                    }
                }
            }
        }
        assertTrue(rejected > 1000 && accepted > 100, "accepted " + accepted + ", rejected " + rejected);
    }

    @Test
    void randomMutationsOfAuthenticatedContentRaiseOnlyTypedErrors() throws Exception {
        Random random = new Random(7383);
        byte[] content = authRequestContent();
        IkeHeader header = authRequestHeader();
        TestSkCipher cipher = Captures.cipher(GCM, true);
        int rejected = 0;
        for (int i = 0; i < 3000; i++) {
            byte[] mutated = mutate(content, random);
            int first = random.nextInt(8) == 0 ? random.nextInt(256) : PayloadType.IDi.id();
            IkeMessage sealed = IkeMessage.decodeUnprotected(sealedMessage(header, first, mutated, cipher));
            try {
                sealed.decrypt(cipher);
            } catch (IkeProtocolException e) {
                rejected++;
            } catch (RuntimeException e) {
                fail("mutated content raised " + e + " for " + Captures.hex(mutated), e);
            }
        }
        assertTrue(rejected > 500, "rejected " + rejected);
    }

    /** Flips, overwrites, inserts or deletes a few octets, preferring length and type fields' neighbourhoods at random. */
    private static byte[] mutate(byte[] in, Random random) {
        byte[] m = in.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int pos = random.nextInt(m.length);
            switch (random.nextInt(5)) {
                case 0 -> m[pos] ^= (byte) (1 << random.nextInt(8));
                case 1 -> m[pos] = (byte) random.nextInt(256);
                case 2 -> m[pos] = (byte) (random.nextBoolean() ? 0 : 0xff);
                case 3 -> {
                    byte[] grown = new byte[m.length + 1];
                    System.arraycopy(m, 0, grown, 0, pos);
                    grown[pos] = (byte) random.nextInt(256);
                    System.arraycopy(m, pos, grown, pos + 1, m.length - pos);
                    m = grown;
                }
                default -> {
                    if (m.length > 1) {
                        byte[] shrunk = new byte[m.length - 1];
                        System.arraycopy(m, 0, shrunk, 0, pos);
                        System.arraycopy(m, pos + 1, shrunk, pos, m.length - pos - 1);
                        m = shrunk;
                    }
                }
            }
        }
        // keep the header length consistent half of the time so that mutations reach the payloads
        if (m.length >= 28 && random.nextBoolean()) {
            m[24] = (byte) (m.length >>> 24);
            m[25] = (byte) (m.length >>> 16);
            m[26] = (byte) (m.length >>> 8);
            m[27] = (byte) m.length;
        }
        return m;
    }
}

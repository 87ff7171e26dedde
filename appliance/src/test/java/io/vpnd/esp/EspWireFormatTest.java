package io.vpnd.esp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vpnd.esp.EspTestSupport.Pair;
import io.vpnd.esp.EspTestSupport.Suite;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;

import static io.vpnd.esp.EspTestSupport.hex;
import static org.junit.jupiter.api.Assertions.*;

/**
 * What {@link EspCodec#seal} puts on the wire, checked with plain JCA calls written from the RFCs
 * (RFC 4303 layout and padding, RFC 4106 nonce/AAD, RFC 3602 + 4868 CBC/HMAC with ESN high bits
 * in the ICV only, SP 800-38A App. C IVs), independently of {@link EspCodec#open}.
 */
class EspWireFormatTest {

    static Stream<Arguments> suites() {
        return Stream.of(Suite.values()).flatMap(s -> Stream.of(Arguments.of(s, false), Arguments.of(s, true)));
    }

    @ParameterizedTest(name = "{0} esn={1}")
    @MethodSource("suites")
    void matchesTheRfcsAcrossThe32BitBoundary(Suite suite, boolean esn) throws Exception {
        Pair sa = EspTestSupport.pair(suite, esn);
        long first = esn ? 0xFFFF_FFFEL : 0xFFFF_FF00L;
        sa.out().setNextSequenceForTest(first);
        sa.in().replayWindow().update(first - 1);
        byte[] key = Arrays.copyOf(sa.out().spec().encryptionKey(), suite.keyBits / 8);
        byte[] salt = Arrays.copyOfRange(sa.out().spec().encryptionKey(), suite.keyBits / 8, suite.keyBits / 8 + 4);
        for (int i = 0; i < 4; i++) {
            long seq = first + i;
            byte[] inner = EspTestSupport.udp4(61 + i);
            ByteBuf esp = Unpooled.buffer();
            assertNull(EspCodec.seal(sa.out(), Unpooled.wrappedBuffer(inner), esp));
            byte[] p = EspTestSupport.bytes(esp);
            ByteBuffer w = ByteBuffer.wrap(p);
            assertEquals(sa.out().spi(), w.getInt(0));
            assertEquals((int) seq, w.getInt(4), "only the low 32 bits travel");

            byte[] plain;
            if (suite.encryption.isAead()) {
                assertEquals(seq, w.getLong(8), "RFC 4106 explicit IV: the 64-bit sequence number");
                byte[] nonce = concat(salt, Arrays.copyOfRange(p, 8, 16));
                byte[] aad = esn ? ByteBuffer.allocate(12).putInt(sa.out().spi()).putLong(seq).array()
                        : Arrays.copyOf(p, 8);
                int icv = suite.encryption.icvLength();
                if (icv >= 12) {
                    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
                    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(icv * 8, nonce));
                    c.updateAAD(aad);
                    plain = c.doFinal(p, 16, p.length - 16);
                } else {
                    plain = new byte[p.length - 16 - icv];
                    new AesGcm(new SecretKeySpec(key, "AES")).decrypt(nonce, aad, 0, aad.length, p, 16, p.length - 16, plain, 0, icv);
                }
                assertEquals(0, plain.length % 4, "RFC 4106 §3.2: 4-octet alignment");
            } else {
                Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
                ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
                byte[] expectedIv = ecb.doFinal(ByteBuffer.allocate(16).putLong(seq).array());
                assertEquals(hex(expectedIv), hex(Arrays.copyOfRange(p, 8, 24)), "IV = AES_K(seq || 0^64)");

                int icvLen = suite.integrity.icvLength();
                Mac mac = Mac.getInstance(suite.integrity.jcaName());
                mac.init(new SecretKeySpec(sa.out().spec().integrityKey(), suite.integrity.jcaName()));
                mac.update(p, 0, p.length - icvLen);
                if (esn) mac.update(ByteBuffer.allocate(4).putInt((int) (seq >>> 32)).array());
                assertEquals(hex(Arrays.copyOf(mac.doFinal(), icvLen)), hex(Arrays.copyOfRange(p, p.length - icvLen, p.length)),
                        "ICV over SPI..ciphertext (+ high 32 bits with ESN, RFC 4303 §3.3.2.1)");

                Cipher cbc = Cipher.getInstance("AES/CBC/NoPadding");
                cbc.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(p, 8, 16));
                plain = cbc.doFinal(p, 24, p.length - 24 - icvLen);
                assertEquals(0, plain.length % 16);
            }
            int block = suite.encryption.blockSize();
            int padLen = plain[plain.length - 2] & 0xff;
            assertTrue(padLen < block, "shortest padding");
            assertEquals(4, plain[plain.length - 1], "Next Header IPv4");
            assertEquals(hex(inner), hex(Arrays.copyOf(plain, inner.length)));
            for (int k = 0; k < padLen; k++) assertEquals(k + 1, plain[inner.length + k], "padding 1, 2, 3, ...");
            assertEquals(plain.length, inner.length + padLen + 2);

            ByteBuf out = Unpooled.buffer();
            assertNull(EspCodec.open(sa.in(), Unpooled.wrappedBuffer(p), out));
            assertEquals(seq, sa.in().replayWindow().highest(), "receiver inferred the same 64-bit number");
        }
    }

    @ParameterizedTest(name = "{0} esn={1}")
    @MethodSource("suites")
    void ipv6InnerPacketsCarryNextHeader41(Suite suite, boolean esn) {
        Pair sa = EspTestSupport.pair(suite, esn);
        ByteBuf esp = Unpooled.buffer();
        assertNull(EspCodec.seal(sa.out(), Unpooled.wrappedBuffer(EspTestSupport.udp6(80)), esp));
        ByteBuf plain = Unpooled.buffer();
        assertNull(EspCodec.openRaw(sa.in(), esp, plain));
        assertEquals(41, plain.getByte(plain.writerIndex() - 1));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}

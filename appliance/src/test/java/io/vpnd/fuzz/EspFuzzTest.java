package io.vpnd.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.esp.ChildSaSpec;
import io.vpnd.esp.EspCodec;
import io.vpnd.esp.EspSa;
import io.vpnd.esp.SaDirection;
import io.vpnd.esp.SaLifetime;
import io.vpnd.net.DropReason;
import io.vpnd.net.IpPacket;
import io.vpnd.net.SelectorMatch;
import io.vpnd.net.TrafficSelector;

import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Fuzz targets for the data plane's parsers: ESP open on arbitrary packets must return a drop
 * reason or succeed, never throw; any plaintext sealed and opened again either round-trips or is
 * refused with a reason; the IP header readers never throw.
 */
class EspFuzzTest {
    private static final InetSocketAddress A = new InetSocketAddress("192.0.2.1", 4500);
    private static final InetSocketAddress B = new InetSocketAddress("192.0.2.2", 4500);
    private static final List<TrafficSelector> NET_A = List.of(TrafficSelector.ofCidr("198.51.100.0/24"), TrafficSelector.ofCidr("2001:db8:1::/48"));
    private static final List<TrafficSelector> NET_B = List.of(TrafficSelector.ofCidr("203.0.113.0/24"), TrafficSelector.ofCidr("2001:db8:2::/48"));

    private static ChildSaSpec spec(SaDirection d, boolean gcm, boolean esn) {
        byte[] key = new byte[gcm ? 36 : 32];
        for (int i = 0; i < key.length; i++) key[i] = (byte) (i * 7 + 1);
        return new ChildSaSpec("fuzz", d, 0xc0000101, gcm ? EncryptionAlgorithm.ENCR_AES_GCM_16 : EncryptionAlgorithm.ENCR_AES_CBC, 256,
                key, gcm ? null : IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128, gcm ? null : new byte[32], esn, 64,
                d == SaDirection.INBOUND ? B : A, d == SaDirection.INBOUND ? A : B,
                d == SaDirection.INBOUND ? NET_B : NET_A, d == SaDirection.INBOUND ? NET_A : NET_B, SaLifetime.UNLIMITED);
    }

    /** Arbitrary datagrams on a known SPI: a drop reason or a valid inner packet, nothing else. */
    @FuzzTest(maxDuration = "2m")
    void openArbitraryPackets(FuzzedDataProvider data) {
        boolean gcm = data.consumeBoolean();
        boolean esn = data.consumeBoolean();
        EspSa sa = new EspSa(spec(SaDirection.INBOUND, gcm, esn), null);
        byte[] packet = data.consumeRemainingAsBytes();
        ByteBuf in = Unpooled.wrappedBuffer(packet);
        ByteBuf out = Unpooled.buffer(packet.length + 64);
        DropReason r = EspCodec.open(sa, in, out);
        if (r == null) assertTrue(IpPacket.validatedLength(out.array(), out.arrayOffset() + out.readerIndex(), out.readableBytes()) > 0);
    }

    /** Any plaintext through a real SA pair: a round trip, or a drop reason on either side. */
    @FuzzTest(maxDuration = "2m")
    void sealThenOpen(FuzzedDataProvider data) {
        boolean gcm = data.consumeBoolean();
        EspSa out = new EspSa(spec(SaDirection.OUTBOUND, gcm, false), null);
        EspSa in = new EspSa(reversed(gcm), null);
        byte[] inner = data.consumeRemainingAsBytes();
        ByteBuf plain = Unpooled.wrappedBuffer(inner);
        ByteBuf sealed = Unpooled.buffer(EspCodec.sealedLength(out, inner.length) + 16);
        if (EspCodec.seal(out, plain, sealed) != null) return;
        ByteBuf opened = Unpooled.buffer(sealed.readableBytes());
        DropReason r = EspCodec.open(in, sealed, opened);
        if (r == null) {
            byte[] got = new byte[opened.readableBytes()];
            opened.getBytes(opened.readerIndex(), got);
            int total = IpPacket.validatedLength(inner, 0, inner.length);
            assertArrayEquals(java.util.Arrays.copyOf(inner, total), got, "what was sealed comes out unchanged");
        }
    }

    /** The inbound SA matching the outbound one of {@link #spec}: same key, selectors the other way round. */
    private static ChildSaSpec reversed(boolean gcm) {
        ChildSaSpec o = spec(SaDirection.OUTBOUND, gcm, false);
        return new ChildSaSpec("fuzz", SaDirection.INBOUND, o.spi(), o.encryption(), o.encryptionKeyBits(), o.encryptionKey(),
                o.integrity(), o.integrityKey(), false, 64, B, A, NET_B, NET_A, SaLifetime.UNLIMITED);
    }

    /** Header readers and selector matching on arbitrary bytes. */
    @FuzzTest(maxDuration = "1m")
    void ipHeaderReaders(byte[] p) {
        int len = IpPacket.validatedLength(p, 0, p.length);
        if (len < 0) return;
        int v = IpPacket.version(p, 0, len);
        IpPacket.port(p, 0, len, v, true);
        IpPacket.port(p, 0, len, v, false);
        SelectorMatch.matches(NET_A, p, 0, len, v, true);
        SelectorMatch.matches(NET_B, p, 0, len, v, false);
    }
}

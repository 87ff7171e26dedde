package io.vpnd.esp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vpnd.esp.EspTestSupport.Pair;
import io.vpnd.esp.EspTestSupport.Suite;
import io.vpnd.net.DropReason;
import io.vpnd.net.IpPacket;
import io.vpnd.net.TrafficSelector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;

import static io.vpnd.esp.EspTestSupport.udp4;
import static org.junit.jupiter.api.Assertions.*;

/** Every inbound drop reason, with counters left alone and the replay window moved only by authentic packets. */
class EspCodecDropTest {

    private static byte[] seal(EspSa out, byte[] inner) {
        ByteBuf esp = Unpooled.buffer();
        assertNull(EspCodec.seal(out, Unpooled.wrappedBuffer(inner), esp));
        return EspTestSupport.bytes(esp);
    }

    /** Seals a payload whose padding and trailer the test writes itself. */
    private static byte[] sealRaw(EspSa out, byte[] plaintext) {
        ByteBuf esp = Unpooled.buffer();
        assertNull(EspCodec.sealRaw(out, Unpooled.wrappedBuffer(plaintext), esp, null));
        return EspTestSupport.bytes(esp);
    }

    /** Payload + padding (as given) + Pad Length + Next Header, padded with zeros in front of the trailer to a block. */
    private static byte[] plaintext(EspSa sa, byte[] payload, byte[] padding, int padLength, int nextHeader) {
        byte[] p = Arrays.copyOf(payload, payload.length + padding.length + 2);
        System.arraycopy(padding, 0, p, payload.length, padding.length);
        p[p.length - 2] = (byte) padLength;
        p[p.length - 1] = (byte) nextHeader;
        assertEquals(0, p.length % sa.blockSize, "test builds whole blocks");
        return p;
    }

    private static DropReason open(EspSa in, byte[] esp) {
        ByteBuf out = Unpooled.buffer(esp.length);
        DropReason r = EspCodec.open(in, Unpooled.wrappedBuffer(esp), out);
        if (r != null) assertEquals(0, out.readableBytes(), "nothing written on a drop");
        return r;
    }

    private static void assertUntouched(EspSa in) {
        assertEquals(0, in.stats().packets(), "packets");
        assertEquals(0, in.stats().bytes(), "bytes");
        assertEquals(0, in.stats().lastUsedNanos(), "lastUsed");
    }

    @ParameterizedTest
    @EnumSource(value = Suite.class, names = {"GCM256", "GCM128_8", "CBC256_SHA256", "CBC128_SHA1"})
    void tamperingAnywhereFailsAuthenticationAndChangesNothing(Suite suite) {
        for (boolean esn : new boolean[]{false, true}) {
            Pair sa = EspTestSupport.pair(suite, esn);
            byte[] good = seal(sa.out(), udp4(100));
            int ivEnd = 8 + sa.in().ivLength;
            int icvStart = good.length - sa.in().icvLength;
            int[] positions = {0, 3, 8, ivEnd - 1, ivEnd, ivEnd + 5, icvStart - 1, icvStart, good.length - 1};
            for (int at : positions) {
                byte[] bad = good.clone();
                bad[at] ^= 0x10;
                assertEquals(DropReason.ESP_AUTH_FAILED, open(sa.in(), bad), suite + " esn=" + esn + " octet " + at);
            }
            assertUntouched(sa.in());
            assertEquals(0, sa.in().replayWindow().highest(), "forgeries do not move the window");
            assertNull(open(sa.in(), good), "the authentic packet still passes after the forgeries");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Suite.class, names = {"GCM256", "CBC256_SHA512"})
    void anotherSasKeyFailsAuthentication(Suite suite) {
        Pair a = EspTestSupport.pair(suite, false);
        Pair b = EspTestSupport.pair(suite, false);
        assertEquals(DropReason.ESP_AUTH_FAILED, open(b.in(), seal(a.out(), udp4(64))));
        assertUntouched(b.in());
        // The ESN high bits are part of the ICV: a sender with ESN and a receiver without disagree.
        Pair esn = EspTestSupport.pair(suite, true);
        EspSa noEsn = new EspSa(EspTestSupport.spec(SaDirection.INBOUND, esn.in().spi(), suite,
                esn.in().spec().encryptionKey(), esn.in().spec().integrityKey(), false, 64, SaLifetime.UNLIMITED), null);
        esn.out().setNextSequenceForTest(1L << 32 | 5);
        noEsn.replayWindow().update(4);
        assertEquals(DropReason.ESP_AUTH_FAILED, open(noEsn, seal(esn.out(), udp4(64))));
    }

    @ParameterizedTest
    @EnumSource(value = Suite.class, names = {"GCM256", "GCM128_8", "CBC256_SHA256", "CBC256_SHA384"})
    void everyTruncatedLengthIsTruncated(Suite suite) {
        Pair sa = EspTestSupport.pair(suite, false);
        byte[] good = seal(sa.out(), udp4(300));
        int min = 8 + sa.in().ivLength + sa.in().icvLength + 2;
        for (int len = 0; len < min; len++) {
            assertEquals(DropReason.ESP_TRUNCATED, open(sa.in(), Arrays.copyOf(good, len)), "length " + len);
        }
        if (!suite.encryption.isAead()) {
            for (int len = min; len < good.length; len++) {
                int cipher = len - 8 - sa.in().ivLength - sa.in().icvLength;
                DropReason expected = cipher % 16 == 0 ? DropReason.ESP_AUTH_FAILED : DropReason.ESP_TRUNCATED;
                assertEquals(expected, open(sa.in(), Arrays.copyOf(good, len)), "CBC length " + len);
            }
        } else {
            assertEquals(DropReason.ESP_AUTH_FAILED, open(sa.in(), Arrays.copyOf(good, min)));
        }
        assertEquals(DropReason.ESP_TRUNCATED, open(sa.in(), new byte[0]));
        assertEquals(EspConstants.RESERVED_SPI, EspCodec.peekSpi(Unpooled.wrappedBuffer(new byte[7])));
        assertUntouched(sa.in());
        assertNull(open(sa.in(), good));
    }

    @ParameterizedTest
    @EnumSource(value = Suite.class, names = {"GCM128", "CBC256_SHA1"})
    void replayedAndTooOldAreDroppedBeforeDecryption(Suite suite) {
        Pair sa = EspTestSupport.pair(suite, false, 64, SaLifetime.UNLIMITED, SaEventListener.NONE);
        byte[][] packets = new byte[100][];
        for (int i = 0; i < packets.length; i++) packets[i] = seal(sa.out(), udp4(40 + i));
        assertNull(open(sa.in(), packets[99]));                    // seq 100
        assertEquals(DropReason.ESP_REPLAY, open(sa.in(), packets[99]));
        assertNull(open(sa.in(), packets[36]));                    // seq 37: left edge
        assertEquals(DropReason.ESP_TOO_OLD, open(sa.in(), packets[35]));
        assertEquals(DropReason.ESP_TOO_OLD, open(sa.in(), packets[0]));
        assertEquals(2, sa.in().stats().packets(), "only the two accepted packets counted");

        // A replayed packet is refused before its ICV is looked at: even a forged copy says REPLAY.
        byte[] forged = packets[99].clone();
        forged[forged.length - 1] ^= 1;
        assertEquals(DropReason.ESP_REPLAY, open(sa.in(), forged));
    }

    @Test
    void windowZeroAcceptsReplays() {
        Pair sa = EspTestSupport.pair(Suite.GCM256, false, 0, SaLifetime.UNLIMITED, SaEventListener.NONE);
        byte[] p = seal(sa.out(), udp4(60));
        assertNull(open(sa.in(), p));
        assertNull(open(sa.in(), p));
        assertEquals(2, sa.in().stats().packets());
    }

    @ParameterizedTest
    @EnumSource(value = Suite.class, names = {"GCM256", "CBC256_SHA256"})
    void badPaddingIsDroppedAfterTheWindowMoved(Suite suite) {
        Pair sa = EspTestSupport.pair(suite, false);
        byte[] inner = udp4(suite.encryption.isAead() ? 60 : 44);   // 60+2 -> pad 2 ; 44+2 -> pad 2
        byte[] wrongValues = sealRaw(sa.out(), plaintext(sa.out(), inner, new byte[]{1, 3}, 2, 4));
        assertEquals(DropReason.ESP_BAD_PADDING, open(sa.in(), wrongValues));
        assertEquals(DropReason.ESP_REPLAY, open(sa.in(), wrongValues), "authentic, so it counted as seen");

        byte[] zeros = sealRaw(sa.out(), plaintext(sa.out(), inner, new byte[]{0, 0}, 2, 4));
        assertEquals(DropReason.ESP_BAD_PADDING, open(sa.in(), zeros));

        // Pad Length larger than the whole payload.
        byte[] tooLong = sealRaw(sa.out(), plaintext(sa.out(), inner, new byte[]{1, 2}, 200, 4));
        assertEquals(DropReason.ESP_BAD_PADDING, open(sa.in(), tooLong));
        assertUntouched(sa.in());

        // Longer than needed but well formed padding is fine (RFC 4303 §2.4 allows up to 255).
        byte[] pad = new byte[suite.encryption.isAead() ? 6 : 18];
        for (int i = 0; i < pad.length; i++) pad[i] = (byte) (i + 1);
        byte[] longPad = sealRaw(sa.out(), plaintext(sa.out(), inner, pad, pad.length, 4));
        ByteBuf out = Unpooled.buffer();
        assertNull(EspCodec.open(sa.in(), Unpooled.wrappedBuffer(longPad), out));
        assertArrayEquals(inner, EspTestSupport.bytes(out));
    }

    @Test
    void wrongNextHeaderIsMalformed() {
        Pair sa = EspTestSupport.pair(Suite.GCM256, false);
        byte[] v4 = udp4(62);                          // 62 + 2 = 64: no padding
        byte[] v6 = EspTestSupport.udp6(62);
        assertEquals(DropReason.INNER_MALFORMED, open(sa.in(), sealRaw(sa.out(), plaintext(sa.out(), v4, new byte[0], 0, 41))),
                "IPv4 packet labelled IPv6");
        assertEquals(DropReason.INNER_MALFORMED, open(sa.in(), sealRaw(sa.out(), plaintext(sa.out(), v6, new byte[0], 0, 4))),
                "IPv6 packet labelled IPv4");
        assertEquals(DropReason.INNER_MALFORMED, open(sa.in(), sealRaw(sa.out(), plaintext(sa.out(), v4, new byte[0], 0, 6))),
                "transport mode TCP");
        byte[] lying = v4.clone();
        lying[3] = (byte) 200;                         // IP total length beyond the payload
        assertEquals(DropReason.INNER_MALFORMED, open(sa.in(), sealRaw(sa.out(), plaintext(sa.out(), lying, new byte[0], 0, 4))));
        byte[] empty = sealRaw(sa.out(), plaintext(sa.out(), new byte[0], new byte[]{1, 2}, 2, 4));
        assertEquals(DropReason.INNER_MALFORMED, open(sa.in(), empty));
        assertUntouched(sa.in());
    }

    @Test
    void shorterIpPacketThanPayloadKeepsOnlyTheIpLength() {
        Pair sa = EspTestSupport.pair(Suite.GCM256, false);
        byte[] v4 = udp4(62);
        v4[3] = 50;                                    // 12 octets of TFC-like trailing bytes
        ByteBuf out = Unpooled.buffer();
        assertNull(EspCodec.open(sa.in(), Unpooled.wrappedBuffer(sealRaw(sa.out(), plaintext(sa.out(), v4, new byte[0], 0, 4))), out));
        assertArrayEquals(Arrays.copyOf(v4, 50), EspTestSupport.bytes(out));
        assertEquals(50, sa.in().stats().bytes());
    }

    @Test
    void dummyPacketsAreDroppedButCountAsSeen() {
        Pair sa = EspTestSupport.pair(Suite.CBC256_SHA256, true);
        byte[] dummy = sealRaw(sa.out(), plaintext(sa.out(), new byte[30], new byte[0], 0, EspConstants.NEXT_HEADER_NONE));
        assertEquals(DropReason.ESP_DUMMY, open(sa.in(), dummy));
        assertEquals(DropReason.ESP_REPLAY, open(sa.in(), dummy));
        assertUntouched(sa.in());
    }

    @Test
    void innerAddressesOutsideTheSelectorsAreRefused() {
        Pair sa = EspTestSupport.pair(Suite.GCM256, false);
        var other = TrafficSelector.parseLiteral("192.0.2.99");
        assertEquals(DropReason.SELECTOR_MISMATCH, open(sa.in(), seal(sa.out(),
                EspTestSupport.ipv4(60, other, EspTestSupport.DST4, IpPacket.PROTO_UDP, 1, 2))), "source not the peer's");
        assertEquals(DropReason.SELECTOR_MISMATCH, open(sa.in(), seal(sa.out(),
                EspTestSupport.ipv4(60, EspTestSupport.SRC4, other, IpPacket.PROTO_UDP, 1, 2))), "destination not ours");
        assertEquals(DropReason.SELECTOR_MISMATCH, open(sa.in(), seal(sa.out(),
                EspTestSupport.ipv4(60, EspTestSupport.DST4, EspTestSupport.SRC4, IpPacket.PROTO_UDP, 1, 2))), "reversed");
        assertEquals(DropReason.SELECTOR_MISMATCH, open(sa.in(), seal(sa.out(), EspTestSupport.ipv6(80,
                TrafficSelector.parseLiteral("2001:db8:3::1"), EspTestSupport.DST6, IpPacket.PROTO_UDP, 1, 2))));
        assertUntouched(sa.in());
        assertNull(open(sa.in(), seal(sa.out(), udp4(60))));
    }

    @Test
    void selectorsHonourProtocolAndPorts() {
        byte[] key = EspTestSupport.randomBytes(36);
        // Peer: UDP from port 5000 only; here: 198.51.100.0/24 UDP port 53 only.
        List<TrafficSelector> remote = List.of(new TrafficSelector(TrafficSelector.parseLiteral("203.0.113.0"),
                TrafficSelector.parseLiteral("203.0.113.255"), IpPacket.PROTO_UDP, 5000, 5000));
        List<TrafficSelector> local = List.of(new TrafficSelector(TrafficSelector.parseLiteral("198.51.100.0"),
                TrafficSelector.parseLiteral("198.51.100.255"), IpPacket.PROTO_UDP, 53, 53));
        EspSa out = new EspSa(EspTestSupport.spec(SaDirection.OUTBOUND, 77, Suite.GCM256, key, null, false, 64,
                SaLifetime.UNLIMITED, List.of(), List.of()), null);
        EspSa in = new EspSa(EspTestSupport.spec(SaDirection.INBOUND, 77, Suite.GCM256, key, null, false, 64,
                SaLifetime.UNLIMITED, local, remote), null);
        var s = EspTestSupport.SRC4;
        var d = EspTestSupport.DST4;
        assertNull(open(in, seal(out, EspTestSupport.ipv4(60, s, d, IpPacket.PROTO_UDP, 5000, 53))));
        assertEquals(DropReason.SELECTOR_MISMATCH, open(in, seal(out, EspTestSupport.ipv4(60, s, d, IpPacket.PROTO_TCP, 5000, 53))));
        assertEquals(DropReason.SELECTOR_MISMATCH, open(in, seal(out, EspTestSupport.ipv4(60, s, d, IpPacket.PROTO_UDP, 5001, 53))));
        assertEquals(DropReason.SELECTOR_MISMATCH, open(in, seal(out, EspTestSupport.ipv4(60, s, d, IpPacket.PROTO_UDP, 5000, 54))));
        assertEquals(1, in.stats().packets());
    }

    @Test
    void emptySelectorListsAcceptEverything() {
        byte[] key = EspTestSupport.randomBytes(36);
        EspSa out = new EspSa(EspTestSupport.spec(SaDirection.OUTBOUND, 78, Suite.GCM256, key, null, false, 64,
                SaLifetime.UNLIMITED, List.of(), List.of()), null);
        EspSa in = new EspSa(EspTestSupport.spec(SaDirection.INBOUND, 78, Suite.GCM256, key, null, false, 64,
                SaLifetime.UNLIMITED, List.of(), List.of()), null);
        var anywhere = TrafficSelector.parseLiteral("192.0.2.50");
        assertNull(open(in, seal(out, EspTestSupport.ipv4(60, anywhere, anywhere, 47, 0, 0))));
        assertNull(open(in, seal(out, EspTestSupport.ipv6(60, EspTestSupport.SRC6, EspTestSupport.SRC6, 58, 0, 0))));
    }

    @Test
    void sealRefusesWhatIsNotIp() {
        Pair sa = EspTestSupport.pair(Suite.GCM256, false);
        ByteBuf out = Unpooled.buffer();
        assertEquals(DropReason.TUN_MALFORMED, EspCodec.seal(sa.out(), Unpooled.buffer(0), out));
        assertEquals(DropReason.TUN_MALFORMED, EspCodec.seal(sa.out(), Unpooled.wrappedBuffer(new byte[]{0x25, 0, 0}), out));
        assertEquals(0, out.writerIndex());
        assertEquals(0, sa.out().stats().packets());
    }

    @Test
    void providerRefusalIsADropNotAnException() throws Exception {
        // Two SAs wrongly keyed alike would put the same key and nonce on the wire; SunJCE refuses
        // the second encryption on the same thread, and seal turns that into a counted drop.
        byte[] key = EspTestSupport.randomBytes(36);
        EspTestSupport.onFreshThread(() -> {
            EspSa a = new EspSa(EspTestSupport.spec(SaDirection.OUTBOUND, 90, Suite.GCM256, key, null, false, 64,
                    SaLifetime.UNLIMITED), null);
            EspSa b = new EspSa(EspTestSupport.spec(SaDirection.OUTBOUND, 90, Suite.GCM256, key, null, false, 64,
                    SaLifetime.UNLIMITED), null);
            ByteBuf out = Unpooled.buffer();
            assertNull(EspCodec.seal(a, Unpooled.wrappedBuffer(udp4(60)), out));
            int written = out.writerIndex();
            assertEquals(DropReason.NO_SA, EspCodec.seal(b, Unpooled.wrappedBuffer(udp4(60)), out));
            assertEquals(written, out.writerIndex(), "nothing appended");
            assertEquals(0, b.stats().packets());
            return null;
        });
    }

    @Test
    void outputThatCannotGrowIsTooBig() {
        Pair sa = EspTestSupport.pair(Suite.GCM256, false);
        byte[] inner = udp4(100);
        ByteBuf small = Unpooled.buffer(64, 64);
        assertEquals(DropReason.TOO_BIG, EspCodec.seal(sa.out(), Unpooled.wrappedBuffer(inner), small));
        assertEquals(0, small.writerIndex());
        byte[] esp = seal(sa.out(), inner);
        ByteBuf tiny = Unpooled.directBuffer(64, 64);
        assertEquals(DropReason.TOO_BIG, EspCodec.open(sa.in(), Unpooled.wrappedBuffer(esp), tiny));
        assertEquals(0, tiny.writerIndex());
        assertEquals(0, sa.in().stats().packets());
    }
}

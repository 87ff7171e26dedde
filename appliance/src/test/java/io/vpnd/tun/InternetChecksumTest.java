package io.vpnd.tun;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static io.vpnd.tun.TestPackets.fold;
import static io.vpnd.tun.TestPackets.refSum;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The eight-octets-at-a-time sum against the one-word-at-a-time reference, at every length and alignment. */
class InternetChecksumTest {
    @Test
    void agreesWithTheReferenceForAnyLengthAndOffset() {
        Random rnd = new Random(1);
        byte[] a = new byte[2100];
        for (int round = 0; round < 20; round++) {
            rnd.nextBytes(a);
            if (round == 0) java.util.Arrays.fill(a, (byte) 0xff); // the most carries
            for (int off = 0; off < 9; off++) {
                for (int len = 0; len <= 2000; len += (len < 40 ? 1 : 97)) {
                    assertEquals(fold(refSum(a, off, len)), InternetChecksum.fold(InternetChecksum.sum(a, off, len, 0)),
                            "off " + off + " len " + len);
                }
            }
        }
    }

    @Test
    void rfc1071Example() {
        // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2
        byte[] a = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
        assertEquals(0xddf2, InternetChecksum.fold(InternetChecksum.sum(a, 0, 8, 0)));
    }

    @Test
    void ipv4HeaderChecksumOfAKnownHeader() {
        // a classic example header (Wikipedia, "IPv4 header checksum"): checksum b861
        byte[] h = hex("450000730000400040110000c0a80001c0a800c7");
        assertEquals(0xb861, InternetChecksum.ipv4Header(h, 0, 20));
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}

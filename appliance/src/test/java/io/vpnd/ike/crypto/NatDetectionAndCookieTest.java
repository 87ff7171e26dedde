package io.vpnd.ike.crypto;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NatDetectionAndCookieTest {

    @Test
    void natDetectionHashCoversSpisAddressAndPort() throws Exception {
        InetAddress v6 = InetAddress.getByName("2001:db8::1");
        byte[] expected = MessageDigest.getInstance("SHA-1").digest(Bytes.concat(
                Vectors.hex("0102030405060708 1112131415161718"), v6.getAddress(), Vectors.hex("1194")));
        assertArrayEquals(expected, NatDetection.hash(0x0102030405060708L, 0x1112131415161718L, v6, 4500));
        InetSocketAddress endpoint = new InetSocketAddress(v6, 4500);
        assertTrue(NatDetection.matches(expected, 0x0102030405060708L, 0x1112131415161718L, endpoint));
        assertFalse(NatDetection.matches(expected, 0x0102030405060708L, 0x1112131415161718L, new InetSocketAddress(v6, 4501)));
        assertFalse(NatDetection.matches(expected, 0x0102030405060708L, 0, endpoint));
        assertEquals(20, expected.length);
    }

    /** A clock the test moves by hand. */
    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void cookieRoundTripAndBinding() throws Exception {
        MutableClock clock = new MutableClock();
        CookieGenerator g = new CookieGenerator(clock, Duration.ofMinutes(10));
        byte[] ni = IkeRandom.bytes(32);
        InetAddress ip = InetAddress.getByName("198.51.100.7");
        byte[] cookie = g.generate(ni, ip, 42L);
        assertEquals(CookieGenerator.COOKIE_LENGTH, cookie.length);
        assertTrue(g.verify(cookie, ni, ip, 42L));
        assertFalse(g.verify(cookie, ni, ip, 43L), "other SPIi");
        assertFalse(g.verify(cookie, IkeRandom.bytes(32), ip, 42L), "other Ni");
        assertFalse(g.verify(cookie, ni, InetAddress.getByName("198.51.100.8"), 42L), "other address");
        byte[] tampered = cookie.clone();
        tampered[10] ^= 1;
        assertFalse(g.verify(tampered, ni, ip, 42L));
        assertFalse(g.verify(new byte[5], ni, ip, 42L));
        assertFalse(new CookieGenerator(clock, Duration.ofMinutes(10)).verify(cookie, ni, ip, 42L), "another responder's secret");
    }

    @Test
    void rotationKeepsThePreviousVersionAndRejectsOlderOnes() throws Exception {
        MutableClock clock = new MutableClock();
        CookieGenerator g = new CookieGenerator(clock, Duration.ofMinutes(10));
        byte[] ni = IkeRandom.bytes(32);
        InetAddress ip = InetAddress.getByName("203.0.113.9");
        byte[] v1 = g.generate(ni, ip, 7L);

        clock.now = clock.now.plus(Duration.ofMinutes(10)); // rotates lazily on next use
        byte[] v2 = g.generate(ni, ip, 7L);
        assertFalse(MessageDigest.isEqual(v1, v2));
        assertTrue(g.verify(v2, ni, ip, 7L));
        assertTrue(g.verify(v1, ni, ip, 7L), "previous secret still accepted");

        g.rotate();
        assertFalse(g.verify(v1, ni, ip, 7L), "two versions old: stale");
        assertTrue(g.verify(v2, ni, ip, 7L));
        byte[] v3 = g.generate(ni, ip, 7L);
        assertTrue(g.verify(v3, ni, ip, 7L));

        clock.now = clock.now.plus(Duration.ofMinutes(25));
        assertFalse(g.verify(v2, ni, ip, 7L), "rotated past v2");
        assertTrue(g.verify(v3, ni, ip, 7L), "v3 is now the previous version");
    }
}

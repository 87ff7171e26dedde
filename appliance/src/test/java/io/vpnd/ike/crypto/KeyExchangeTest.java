package io.vpnd.ike.crypto;

import io.vpnd.crypto.KeyExchangeGroup;
import io.vpnd.ike.crypto.InvalidKeyExchangeException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyExchangeTest {
    private static final Vectors RFC5903 = Vectors.load("rfc5903-ecp.vectors");
    private static final Vectors RFC7748 = Vectors.load("rfc7748-x25519.vectors");
    private static final Vectors RFC5114 = Vectors.load("rfc5114-modp.vectors");

    @ParameterizedTest
    @ValueSource(ints = {19, 20, 21})
    void rfc5903Section8Vectors(int id) throws Exception {
        KeyExchangeGroup group = KeyExchangeGroup.byId(id);
        String g = "group" + id;
        byte[] gi = Bytes.concat(RFC5903.get(g + ".gix"), RFC5903.get(g + ".giy"));
        byte[] gr = Bytes.concat(RFC5903.get(g + ".grx"), RFC5903.get(g + ".gry"));
        KeyExchange initiator = KeyExchanges.withPrivateValue(group, RFC5903.get(g + ".i"));
        KeyExchange responder = KeyExchanges.withPrivateValue(group, RFC5903.get(g + ".r"));

        assertArrayEquals(gi, initiator.publicValue(), "g^i = gix | giy, no 0x04 prefix");
        byte[] kei = RFC5903.get(g + ".kei");
        assertArrayEquals(Arrays.copyOfRange(kei, 8, kei.length), initiator.publicValue(), "KEi payload data");
        assertEquals(group.publicValueLength(), initiator.publicValue().length);
        assertArrayEquals(gr, responder.publicValue());
        assertArrayEquals(RFC5903.get(g + ".girx"), initiator.sharedSecret(gr));
        assertArrayEquals(RFC5903.get(g + ".girx"), responder.sharedSecret(gi));
    }

    @Test
    void rfc7748Section5ScalarMultiplication() throws Exception {
        for (String v : new String[] {"5.2.1", "5.2.2"}) {
            KeyExchange k = KeyExchanges.withPrivateValue(KeyExchangeGroup.CURVE25519, RFC7748.get(v + ".scalar"));
            assertArrayEquals(RFC7748.get(v + ".out"), k.sharedSecret(RFC7748.get(v + ".u")), v);
        }
    }

    @Test
    void rfc7748Section5IteratedScalarMultiplication() throws Exception {
        byte[] k = RFC7748.get("5.2.iter.start");
        byte[] u = k.clone();
        for (int i = 1; i <= 1000; i++) {
            byte[] next = KeyExchanges.withPrivateValue(KeyExchangeGroup.CURVE25519, k).sharedSecret(u);
            u = k;
            k = next;
            if (i == 1) {
                assertArrayEquals(RFC7748.get("5.2.iter.1"), k);
            }
        }
        assertArrayEquals(RFC7748.get("5.2.iter.1000"), k);
    }

    @Test
    void rfc7748Section61DiffieHellman() throws Exception {
        KeyExchange alice = KeyExchanges.withPrivateValue(KeyExchangeGroup.CURVE25519, RFC7748.get("6.1.alice.private"));
        KeyExchange bob = KeyExchanges.withPrivateValue(KeyExchangeGroup.CURVE25519, RFC7748.get("6.1.bob.private"));
        assertArrayEquals(RFC7748.get("6.1.alice.public"), alice.publicValue());
        assertArrayEquals(RFC7748.get("6.1.bob.public"), bob.publicValue());
        assertArrayEquals(RFC7748.get("6.1.shared"), alice.sharedSecret(bob.publicValue()));
        assertArrayEquals(RFC7748.get("6.1.shared"), bob.sharedSecret(alice.publicValue()));
    }

    @ParameterizedTest
    @ValueSource(ints = {22, 24})
    void rfc5114AppendixAVectors(int id) throws Exception {
        KeyExchangeGroup group = KeyExchangeGroup.byId(id);
        String g = "group" + id;
        KeyExchange a = KeyExchanges.withPrivateValue(group, RFC5114.get(g + ".xa"));
        KeyExchange b = KeyExchanges.withPrivateValue(group, RFC5114.get(g + ".xb"));
        assertArrayEquals(RFC5114.get(g + ".ya"), a.publicValue());
        assertArrayEquals(RFC5114.get(g + ".yb"), b.publicValue());
        assertArrayEquals(RFC5114.get(g + ".z"), a.sharedSecret(b.publicValue()));
        assertArrayEquals(RFC5114.get(g + ".z"), b.sharedSecret(a.publicValue()));
    }

    @ParameterizedTest
    @EnumSource(KeyExchangeGroup.class)
    void bothSidesAgreeInEveryGroup(KeyExchangeGroup group) throws Exception {
        KeyExchange a = KeyExchanges.generate(group);
        KeyExchange b = KeyExchanges.generate(group);
        assertEquals(group, a.group());
        assertEquals(group.publicValueLength(), a.publicValue().length);
        byte[] s1 = a.sharedSecret(b.publicValue());
        byte[] s2 = b.sharedSecret(a.publicValue());
        assertArrayEquals(s1, s2);
        int expected = group.kind() == KeyExchangeGroup.Kind.ECP ? group.publicValueLength() / 2 : group.publicValueLength();
        assertEquals(expected, s1.length, "shared secret padded to the modulus / field length");
        assertFalse(Arrays.equals(a.publicValue(), b.publicValue()));
    }

    @ParameterizedTest
    @EnumSource(KeyExchangeGroup.class)
    void wrongLengthIsRefused(KeyExchangeGroup group) {
        KeyExchange k = KeyExchanges.generate(group);
        byte[] peer = KeyExchanges.generate(group).publicValue();
        for (byte[] bad : new byte[][] {new byte[0], Arrays.copyOf(peer, peer.length - 1), Arrays.copyOf(peer, peer.length + 1)}) {
            InvalidKeyExchangeException e = assertThrows(InvalidKeyExchangeException.class, () -> k.sharedSecret(bad));
            assertEquals(Reason.WRONG_LENGTH, e.reason());
            assertEquals(group, e.group());
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeyExchangeGroup.class, names = {"MODP_1024", "MODP_2048", "MODP_8192", "MODP_2048_256"})
    void modpRangeCheck(KeyExchangeGroup group) {
        KeyExchange k = KeyExchanges.generate(group);
        BigInteger p = ModpGroup.of(group).p();
        for (BigInteger y : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE, p.subtract(BigInteger.ONE), p,
                BigInteger.ONE.shiftLeft(group.publicValueLength() * 8).subtract(BigInteger.ONE)}) {
            byte[] value = Bytes.fixedLength(y, group.publicValueLength());
            InvalidKeyExchangeException e = assertThrows(InvalidKeyExchangeException.class, () -> k.sharedSecret(value));
            assertEquals(Reason.OUT_OF_RANGE, e.reason(), y.toString(16));
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeyExchangeGroup.class, names = {"MODP_1024_160", "MODP_2048_224", "MODP_2048_256"})
    void rfc5114GroupsRejectValuesOutsideTheSubgroup(KeyExchangeGroup group) {
        KeyExchange k = KeyExchanges.generate(group);
        // 2 is in range but (for these groups) not a power of the subgroup generator.
        BigInteger two = BigInteger.TWO;
        ModpGroup params = ModpGroup.of(group);
        assertFalse(two.modPow(params.q(), params.p()).equals(BigInteger.ONE), "premise");
        InvalidKeyExchangeException e = assertThrows(InvalidKeyExchangeException.class,
                () -> k.sharedSecret(Bytes.fixedLength(two, group.publicValueLength())));
        assertEquals(Reason.NOT_IN_SUBGROUP, e.reason());
    }

    @ParameterizedTest
    @EnumSource(value = KeyExchangeGroup.class, names = {"ECP_256", "ECP_384", "ECP_521"})
    void ecpRejectsPointsOffTheCurve(KeyExchangeGroup group) throws Exception {
        KeyExchange k = KeyExchanges.generate(group);
        byte[] good = KeyExchanges.generate(group).publicValue();
        byte[] bad = good.clone();
        bad[bad.length - 1] ^= 1;
        assertEquals(Reason.NOT_ON_CURVE, assertThrows(InvalidKeyExchangeException.class, () -> k.sharedSecret(bad)).reason());
        byte[] zero = new byte[group.publicValueLength()];
        assertEquals(Reason.NOT_ON_CURVE, assertThrows(InvalidKeyExchangeException.class, () -> k.sharedSecret(zero)).reason());
        byte[] big = new byte[group.publicValueLength()];
        Arrays.fill(big, (byte) 0xff);
        assertEquals(Reason.OUT_OF_RANGE, assertThrows(InvalidKeyExchangeException.class, () -> k.sharedSecret(big)).reason());
        byte[] sec1 = Bytes.concat(new byte[] {4}, good);
        assertEquals(Reason.WRONG_LENGTH, assertThrows(InvalidKeyExchangeException.class, () -> k.sharedSecret(sec1)).reason());
        k.sharedSecret(good);
    }

    @Test
    void x25519RejectsSmallOrderPoints() {
        KeyExchange k = KeyExchanges.generate(KeyExchangeGroup.CURVE25519);
        byte[] zero = new byte[32];
        byte[] one = new byte[32];
        one[0] = 1;
        for (byte[] u : new byte[][] {zero, one}) {
            InvalidKeyExchangeException e = assertThrows(InvalidKeyExchangeException.class, () -> k.sharedSecret(u));
            assertEquals(Reason.DEGENERATE_SHARED_SECRET, e.reason());
        }
    }

    @Test
    void destroyedKeyExchangeRefusesToCompute() {
        for (KeyExchangeGroup g : new KeyExchangeGroup[] {KeyExchangeGroup.MODP_2048, KeyExchangeGroup.ECP_256,
                KeyExchangeGroup.CURVE25519}) {
            KeyExchange k = KeyExchanges.generate(g);
            byte[] peer = KeyExchanges.generate(g).publicValue();
            k.destroy();
            assertTrue(k.isDestroyed());
            assertThrows(IllegalStateException.class, () -> k.sharedSecret(peer));
            assertFalse(k.toString().matches(".*[0-9a-f]{16}.*"), "no key material in toString");
        }
    }
}

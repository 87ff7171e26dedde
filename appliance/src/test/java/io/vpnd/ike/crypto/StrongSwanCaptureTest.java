package io.vpnd.ike.crypto;

import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.crypto.KeyExchangeGroup;
import io.vpnd.crypto.PrfAlgorithm;
import io.vpnd.crypto.Proposal.EncryptionSpec;
import io.vpnd.esp.SaDirection;
import io.vpnd.ike.message.AuthenticationFailedException;
import io.vpnd.ike.message.IkeConstants.NotifyType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Known answers from real strongSwan 5.9 exchanges (charon-L initiator 192.0.2.1, charon-R
 * responder 192.0.2.2, PSK): everything vpnd derives from the wire values must equal what charon
 * logged, and vpnd must decrypt the IKE_AUTH messages charon sent.
 */
class StrongSwanCaptureTest {

    enum Capture {
        GCM256_ECP256("gcm256-ecp256", new IkeSaTransforms(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 256),
                null, PrfAlgorithm.PRF_HMAC_SHA2_256), KeyExchangeGroup.ECP_256,
                new ChildSaTransforms(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 256), null)),
        CBC256_SHA256_MODP2048("cbc256-sha256-modp2048", new IkeSaTransforms(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, 256),
                IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128, PrfAlgorithm.PRF_HMAC_SHA2_256), KeyExchangeGroup.MODP_2048,
                new ChildSaTransforms(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, 256), IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128)),
        GCM128_X25519("gcm128-x25519", new IkeSaTransforms(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 128),
                null, PrfAlgorithm.PRF_HMAC_SHA2_256), KeyExchangeGroup.CURVE25519,
                new ChildSaTransforms(new EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 128), null));

        final Vectors v;
        final IkeSaTransforms ike;
        final KeyExchangeGroup group;
        final ChildSaTransforms child;

        Capture(String name, IkeSaTransforms ike, KeyExchangeGroup group, ChildSaTransforms child) {
            this.v = Vectors.load("strongswan/" + name + ".vectors");
            this.ike = ike;
            this.group = group;
            this.child = child;
        }

        IkeKeyMaterial keys() {
            return IkeKeyMaterial.derive(ike, v.get("dh_shared"), v.get("ni"), v.get("nr"), v.spi("spi_i"), v.spi("spi_r"));
        }
    }

    /** Octets of IKE header (28) plus SK payload header (4): the associated data of the SK payload. */
    private static final int AAD_LENGTH = 32;

    @ParameterizedTest
    @EnumSource(Capture.class)
    void skeyseed(Capture c) {
        Vectors v = c.v;
        assertArrayEquals(v.get("skeyseed"),
                IkeKeyMaterial.skeyseed(Prf.of(c.ike.prf()), v.get("dh_shared"), v.get("ni"), v.get("nr")));
    }

    @ParameterizedTest
    @EnumSource(Capture.class)
    void allSkKeys(Capture c) {
        Vectors v = c.v;
        IkeKeyMaterial k = c.keys();
        assertArrayEquals(v.get("sk_d"), k.skD());
        assertArrayEquals(v.get("sk_ei"), k.skEi());
        assertArrayEquals(v.get("sk_er"), k.skEr());
        assertArrayEquals(v.get("sk_pi"), k.skPi());
        assertArrayEquals(v.get("sk_pr"), k.skPr());
        if (c.ike.integrity() != null) {
            assertArrayEquals(v.get("sk_ai"), k.skAi());
            assertArrayEquals(v.get("sk_ar"), k.skAr());
        } else {
            assertFalse(v.has("sk_ai"));
            assertEquals(0, k.skAi().length, "AEAD: no SK_a");
        }
        assertFalse(k.toString().contains(org.bouncycastle.util.encoders.Hex.toHexString(v.get("sk_d")).substring(0, 8)));
    }

    @ParameterizedTest
    @EnumSource(Capture.class)
    void peerPublicValuesFromTheWireAreAccepted(Capture c) throws Exception {
        Vectors v = c.v;
        assertEquals(c.group.id(), ((v.get("ke_group_i")[0] & 0xff) << 8) | (v.get("ke_group_i")[1] & 0xff));
        KeyExchange ours = KeyExchanges.generate(c.group);
        assertEquals(ours.publicValue().length, v.get("ke_i").length);
        ours.sharedSecret(v.get("ke_i"));
        ours.sharedSecret(v.get("ke_r"));
        assertEquals(v.get("dh_shared").length, ours.sharedSecret(v.get("ke_r")).length);
    }

    @ParameterizedTest
    @EnumSource(Capture.class)
    void signedOctetsAndPskAuth(Capture c) throws Exception {
        Vectors v = c.v;
        IkeKeyMaterial k = c.keys();
        Prf prf = k.prf();
        byte[] octetsI = k.signedOctets(IkeRole.INITIATOR, v.get("ike_sa_init_request"), v.get("nr"), v.get("idi_body"));
        byte[] octetsR = k.signedOctets(IkeRole.RESPONDER, v.get("ike_sa_init_response"), v.get("ni"), v.get("idr_body"));
        assertArrayEquals(v.get("octets_i"), octetsI);
        assertArrayEquals(v.get("octets_r"), octetsR);

        byte[] psk = v.get("psk");
        assertArrayEquals("lab-shared-secret-0123456789".getBytes(StandardCharsets.US_ASCII), psk);
        assertArrayEquals(v.get("psk_keypad"), prf.compute(psk, SharedKeyAuth.KEY_PAD));
        assertArrayEquals(v.get("auth_i"), SharedKeyAuth.authData(prf, psk, octetsI));
        SharedKeyAuth.verify(prf, psk, octetsR, v.get("auth_r"));
        SharedKeyAuth.verify(prf, psk, octetsI, v.get("auth_i"));
        byte[] wrongPsk = "lab-shared-secret-0123456780".getBytes(StandardCharsets.US_ASCII);
        AuthenticationFailedException wrong = assertThrows(AuthenticationFailedException.class,
                () -> SharedKeyAuth.verify(prf, wrongPsk, octetsR, v.get("auth_r")));
        // The IKE layer answers it with the notify; the admin-readable reason stays in the message.
        assertEquals(NotifyType.AUTHENTICATION_FAILED, wrong.notifyType());
        assertEquals("pre-shared key AUTH does not match (wrong PSK or identity?)", wrong.getMessage());
        assertThrows(AuthenticationFailedException.class, () -> SharedKeyAuth.verify(prf, psk, octetsI, v.get("auth_r")));
        // The AUTH value travels inside the encrypted IKE_AUTH request.
        assertTrue(indexOf(v.get("auth_request_plain"), v.get("auth_i")) > 0);
    }

    @ParameterizedTest
    @EnumSource(Capture.class)
    void decryptsCharonsIkeAuthMessages(Capture c) throws Exception {
        Vectors v = c.v;
        IkeKeyMaterial k = c.keys();
        byte[] request = v.get("ike_auth_request");
        SkCipher responderIn = k.inboundCipher(IkeRole.RESPONDER);
        assertArrayEquals(v.get("auth_request_plain"), responderIn.decrypt(aad(request), body(request)));
        byte[] response = v.get("ike_auth_response");
        SkCipher initiatorIn = k.inboundCipher(IkeRole.INITIATOR);
        assertArrayEquals(v.get("auth_response_plain"), initiatorIn.decrypt(aad(response), body(response)));

        // A message protected with the wrong direction's keys does not verify.
        assertThrows(SkCipher.IntegrityCheckFailedException.class, () -> initiatorIn.decrypt(aad(request), body(request)));
        // Nor does a modified header (the AAD) or body.
        byte[] aad = aad(request);
        aad[19] ^= 1;
        assertThrows(SkCipher.IntegrityCheckFailedException.class, () -> responderIn.decrypt(aad, body(request)));
        byte[] body = body(request);
        body[body.length / 2] ^= 0x40;
        assertThrows(SkCipher.IntegrityCheckFailedException.class, () -> responderIn.decrypt(aad(request), body));

        // And what vpnd encrypts as initiator, the responder side opens.
        byte[] sealed = k.outboundCipher(IkeRole.INITIATOR).encrypt(aad(request), v.get("auth_request_plain"));
        assertEquals(body(request).length, sealed.length);
        assertArrayEquals(v.get("auth_request_plain"), responderIn.decrypt(aad(request), sealed));
    }

    @ParameterizedTest
    @EnumSource(Capture.class)
    void firstChildSaKeymat(Capture c) {
        Vectors v = c.v;
        assertArrayEquals(v.get("child_seed"), Bytes.concat(v.get("ni"), v.get("nr")), "KEYMAT seed is Ni | Nr");
        ChildKeyMaterial child = c.keys().deriveChild(c.child, null, v.get("ni"), v.get("nr"));
        assertArrayEquals(v.get("child_encr_i"), child.encryptionKey(IkeRole.INITIATOR));
        assertArrayEquals(v.get("child_encr_r"), child.encryptionKey(IkeRole.RESPONDER));
        if (c.child.integrity() != null) {
            assertArrayEquals(v.get("child_integ_i"), child.integrityKey(IkeRole.INITIATOR));
            assertArrayEquals(v.get("child_integ_r"), child.integrityKey(IkeRole.RESPONDER));
        } else {
            assertEquals(0, child.integrityKey(IkeRole.INITIATOR).length);
        }
        // The responder's outbound SA uses the responder-to-initiator keys, its inbound SA the others.
        assertArrayEquals(v.get("child_encr_r"), child.encryptionKey(IkeRole.RESPONDER, SaDirection.OUTBOUND));
        assertArrayEquals(v.get("child_encr_i"), child.encryptionKey(IkeRole.RESPONDER, SaDirection.INBOUND));
        assertArrayEquals(v.get("child_encr_i"), child.encryptionKey(IkeRole.INITIATOR, SaDirection.OUTBOUND));
        child.destroy();
        assertThrows(IllegalStateException.class, () -> child.encryptionKey(IkeRole.INITIATOR));
    }

    @ParameterizedTest
    @EnumSource(Capture.class)
    void natDetectionHashes(Capture c) throws Exception {
        Vectors v = c.v;
        int n = 0;
        while (v.has("natd_chunk_" + n)) {
            byte[] chunk = v.get("natd_chunk_" + n);
            long spiI = toLong(Arrays.copyOfRange(chunk, 0, 8));
            long spiR = toLong(Arrays.copyOfRange(chunk, 8, 16));
            InetAddress ip = InetAddress.getByAddress(Arrays.copyOfRange(chunk, 16, 20));
            int port = ((chunk[20] & 0xff) << 8) | (chunk[21] & 0xff);
            assertArrayEquals(v.get("natd_hash_" + n), NatDetection.hash(spiI, spiR, ip, port), "natd " + n);
            n++;
        }
        assertTrue(n >= 8);
        // The destination hashes in the packets are genuine (strongSwan's encap=yes fakes only the
        // source hashes, to force UDP encapsulation).
        long spiI = v.spi("spi_i");
        long spiR = v.spi("spi_r");
        InetSocketAddress responder = new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 2}), 500);
        InetSocketAddress initiator = new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}), 500);
        assertTrue(NatDetection.matches(v.get("natd_destination_ip_i"), spiI, 0, responder));
        assertTrue(NatDetection.matches(v.get("natd_destination_ip_r"), spiI, spiR, initiator));
        assertFalse(NatDetection.matches(v.get("natd_source_ip_i"), spiI, 0, initiator), "faked by encap=yes");
    }

    private static byte[] aad(byte[] message) {
        return Arrays.copyOfRange(message, 0, AAD_LENGTH);
    }

    private static byte[] body(byte[] message) {
        return Arrays.copyOfRange(message, AAD_LENGTH, message.length);
    }

    private static long toLong(byte[] b) {
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xff);
        }
        return v;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

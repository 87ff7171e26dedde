package io.vpnd.ike.crypto;

import io.vpnd.crypto.PrfAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PrfTest {
    private static final Vectors HMAC = Vectors.load("rfc4231-hmac.vectors");

    @Test
    void rfc4231AndRfc2202KnownAnswers() {
        String[][] cases = {
                {"tc1", "sha1"}, {"tc1", "sha256"}, {"tc1", "sha384"}, {"tc1", "sha512"},
                {"tc2", "sha1"}, {"tc2", "sha256"}, {"tc2", "sha384"}, {"tc2", "sha512"},
                {"tc6", "sha256"}, {"tc6", "sha384"}, {"tc6", "sha512"}};
        for (String[] c : cases) {
            Prf prf = Prf.of(switch (c[1]) {
                case "sha1" -> PrfAlgorithm.PRF_HMAC_SHA1;
                case "sha256" -> PrfAlgorithm.PRF_HMAC_SHA2_256;
                case "sha384" -> PrfAlgorithm.PRF_HMAC_SHA2_384;
                default -> PrfAlgorithm.PRF_HMAC_SHA2_512;
            });
            assertArrayEquals(HMAC.get(c[0] + "." + c[1]), prf.compute(HMAC.get(c[0] + ".key"), HMAC.get(c[0] + ".data")),
                    c[0] + " " + c[1]);
        }
    }

    @Test
    void dataPartsAreConcatenated() {
        Prf prf = Prf.of(PrfAlgorithm.PRF_HMAC_SHA2_256);
        byte[] data = HMAC.get("tc2.data");
        assertArrayEquals(HMAC.get("tc2.sha256"), prf.compute(HMAC.get("tc2.key"),
                Arrays.copyOfRange(data, 0, 5), new byte[0], Arrays.copyOfRange(data, 5, data.length)));
    }

    /** prf+ against the RFC 7296 §2.13 definition written out with the JDK's own HMAC. */
    @ParameterizedTest
    @EnumSource(PrfAlgorithm.class)
    void prfPlusFollowsRfc7296Section213(PrfAlgorithm algorithm) throws Exception {
        Prf prf = Prf.of(algorithm);
        byte[] key = IkeRandom.bytes(algorithm.outputLength());
        byte[] seed = IkeRandom.bytes(80);
        Mac mac = Mac.getInstance(algorithm.jcaName());
        mac.init(new SecretKeySpec(key, algorithm.jcaName()));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        byte[] t = new byte[0];
        for (int n = 1; n <= 10; n++) {
            mac.update(t);
            mac.update(seed);
            mac.update((byte) n);
            t = mac.doFinal();
            expected.writeBytes(t);
        }
        for (int length : new int[] {1, algorithm.outputLength(), algorithm.outputLength() + 1, 200}) {
            assertArrayEquals(Arrays.copyOf(expected.toByteArray(), length), prf.prfPlus(key, seed, length), "length " + length);
        }
        assertEquals(algorithm.outputLength(), prf.outputLength());
        assertEquals(algorithm.outputLength(), prf.preferredKeyLength());
    }

    @Test
    void prfPlusStopsAt255Blocks() {
        Prf prf = Prf.of(PrfAlgorithm.PRF_HMAC_SHA1);
        assertEquals(255 * 20, prf.prfPlus(new byte[20], new byte[1], 255 * 20).length);
        assertThrows(IllegalArgumentException.class, () -> prf.prfPlus(new byte[20], new byte[1], 255 * 20 + 1));
    }
}

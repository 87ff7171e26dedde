package io.vpnd.esp;

import io.vpnd.crypto.IntegrityAlgorithm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.util.List;

import static io.vpnd.esp.EspTestSupport.hex;
import static org.junit.jupiter.api.Assertions.*;

/** RFC 4868 §2.7.2 (and RFC 2202/2404 for SHA-1) truncated authenticators through {@link HmacIcv}. */
class HmacIcvVectorsTest {

    record Vector(String name, IntegrityAlgorithm alg, byte[] key, byte[] data, byte[] full, byte[] icv) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Vector> vectors() {
        List<Vector> v = EspTestSupport.resourceLines("hmac-icv-vectors.txt").stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.trim().split("\\s+"))
                .map(f -> new Vector(f[0], IntegrityAlgorithm.valueOf(f[1]), hex(f[2]), hex(f[3]), hex(f[4]), hex(f[5])))
                .toList();
        assertEquals(14, v.size());
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void computesTheTruncatedIcv(Vector v) throws Exception {
        assertEquals(v.alg.icvLength(), v.icv.length, "vector truncation matches the algorithm");
        SecretKeySpec key = new SecretKeySpec(v.key, v.alg.jcaName());
        byte[] out = new byte[3 + v.alg.icvLength()];
        HmacIcv.compute(v.alg, key, v.data, 0, v.data.length, null, 0, out, 3);
        assertEquals(hex(v.icv), hex(java.util.Arrays.copyOfRange(out, 3, out.length)));

        Mac mac = Mac.getInstance(v.alg.jcaName());
        mac.init(key);
        assertEquals(hex(v.full), hex(mac.doFinal(v.data)), "the full PRF output, as the RFC prints it");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void verifiesAndRejectsAnyChange(Vector v) throws Exception {
        SecretKeySpec key = new SecretKeySpec(v.key, v.alg.jcaName());
        assertTrue(HmacIcv.verify(v.alg, key, v.data, 0, v.data.length, null, 0, v.icv, 0));
        for (int i = 0; i < v.icv.length; i++) {
            byte[] bad = v.icv.clone();
            bad[i] ^= (byte) 0x80;
            assertFalse(HmacIcv.verify(v.alg, key, v.data, 0, v.data.length, null, 0, bad, 0), "ICV octet " + i);
        }
        // The ESN high bits are input to the ICV (RFC 4303 §3.3.2.1): a split input gives the same as the whole.
        byte[] head = java.util.Arrays.copyOf(v.data, v.data.length - 4);
        byte[] tail = java.util.Arrays.copyOfRange(v.data, v.data.length - 4, v.data.length);
        assertTrue(HmacIcv.verify(v.alg, key, head, 0, head.length, tail, 4, v.icv, 0));
    }
}

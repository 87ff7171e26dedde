package io.vpnd.esp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.vpnd.esp.EspTestSupport.hex;
import static io.vpnd.esp.EspTestSupport.onFreshThread;
import static org.junit.jupiter.api.Assertions.*;

/** McGrew–Viega GCM specification test cases against the {@link AesGcm} wrapper the codec uses. */
class GcmSpecVectorsTest {

    record Case(String name, byte[] k, byte[] p, byte[] iv, byte[] a, byte[] c, byte[] t) {
        @Override
        public String toString() {
            return "test case " + name;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        Map<String, String> f = new HashMap<>();
        String name = null;
        for (String line : EspTestSupport.resourceLines("gcm-spec-test-cases.txt")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] kv = line.trim().split("\\s+", 2);
            if (kv[0].equals("case")) {
                if (name != null) cases.add(toCase(name, f));
                name = kv[1];
                f.clear();
            } else {
                f.put(kv[0], kv[1]);
            }
        }
        cases.add(toCase(name, f));
        assertEquals(6, cases.size());
        return cases;
    }

    private static Case toCase(String name, Map<String, String> f) {
        return new Case(name, hex(f.get("K")), hex(f.get("P")), hex(f.get("IV")), hex(f.get("A")), hex(f.get("C")), hex(f.get("T")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void encryptsToTheSpecifiedCiphertextAndTag(Case v) throws Exception {
        for (int tagLength : new int[]{16, 12, 8}) {
            byte[] out = onFreshThread(() -> {
                byte[] o = new byte[v.p.length + tagLength];
                new AesGcm(new SecretKeySpec(v.k, "AES")).encrypt(v.iv, v.a, 0, v.a.length, v.p, 0, v.p.length, o, 0, tagLength);
                return o;
            });
            assertEquals(hex(v.c), hex(Arrays.copyOf(out, v.c.length)), "ciphertext, " + tagLength + "-octet tag");
            assertEquals(hex(Arrays.copyOf(v.t, tagLength)), hex(Arrays.copyOfRange(out, v.c.length, out.length)),
                    "a shorter tag is the leftmost octets of the full one");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decryptsAndRejectsAnyChange(Case v) throws Exception {
        SecretKeySpec key = new SecretKeySpec(v.k, "AES");
        for (int tagLength : new int[]{16, 12, 8}) {
            byte[] in = concat(v.c, Arrays.copyOf(v.t, tagLength));
            byte[] plain = new byte[v.c.length];
            new AesGcm(key).decrypt(v.iv, v.a, 0, v.a.length, in, 0, in.length, plain, 0, tagLength);
            assertArrayEquals(v.p, plain, tagLength + "-octet tag");

            byte[] badTag = in.clone();
            badTag[badTag.length - 1] ^= 1;
            assertThrows(AEADBadTagException.class,
                    () -> new AesGcm(key).decrypt(v.iv, v.a, 0, v.a.length, badTag, 0, badTag.length, new byte[v.c.length], 0, tagLength));
            byte[] badAad = concat(v.a, new byte[]{0});
            assertThrows(AEADBadTagException.class,
                    () -> new AesGcm(key).decrypt(v.iv, badAad, 0, badAad.length, in, 0, in.length, new byte[v.c.length], 0, tagLength));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void worksInPlace(Case v) throws Exception {
        byte[] buf = new byte[5 + v.p.length + 16];
        System.arraycopy(v.p, 0, buf, 5, v.p.length);
        onFreshThread(() -> {
            new AesGcm(new SecretKeySpec(v.k, "AES")).encrypt(v.iv, v.a, 0, v.a.length, buf, 5, v.p.length, buf, 5, 16);
            return null;
        });
        assertEquals(hex(concat(v.c, v.t)), hex(Arrays.copyOfRange(buf, 5, buf.length)));
        new AesGcm(new SecretKeySpec(v.k, "AES")).decrypt(v.iv, v.a, 0, v.a.length, buf, 5, v.p.length + 16, buf, 5, 16);
        assertEquals(hex(v.p), hex(Arrays.copyOfRange(buf, 5, 5 + v.p.length)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}

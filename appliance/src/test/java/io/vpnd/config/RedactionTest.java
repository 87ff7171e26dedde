package io.vpnd.config;

import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.crypto.Proposal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;

import static io.vpnd.config.ConfigTestSupport.fails;
import static io.vpnd.config.ConfigTestSupport.load;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Secrets never reach toString() or error messages, and the model does not leak its arrays. */
class RedactionTest {
    private static final String PSK = "Sup3r-Secret-PSK-value";
    private static final String KEY_IN = "abcdef".repeat(12);
    private static final String KEY_OUT = "123456".repeat(12);
    private static final String AUTH_IN = "0f".repeat(32);
    private static final String AUTH_OUT = "f0".repeat(32);

    @TempDir
    Path dir;

    @Test
    void pskAuthToStringRedactsTheKey() {
        PskAuth psk = new PskAuth(PSK.getBytes(StandardCharsets.UTF_8), Optional.empty());
        assertFalse(psk.toString().contains(PSK), psk.toString());
        assertEquals("PskAuth[secret=<redacted 22 octets>]", psk.toString());
    }

    @Test
    void manualSaToStringRedactsEveryKey() {
        ManualSaConfig m = new ManualSaConfig(0x1000, 0x1001,
                new Proposal.EncryptionSpec(EncryptionAlgorithm.ENCR_AES_CBC, 128),
                Optional.of(IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128),
                HexFormat.of().parseHex("00112233445566778899aabbccddeeff"),
                HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100"),
                HexFormat.of().parseHex(AUTH_IN), HexFormat.of().parseHex(AUTH_OUT), false);
        String s = m.toString().toLowerCase();
        for (String secret : new String[] {"00112233", "ffeeddcc", "0f0f0f", "f0f0f0"}) {
            assertFalse(s.contains(secret), s);
        }
        assertTrue(s.contains("redacted"));
        assertTrue(s.contains("0x00001000"));
    }

    @Test
    void wholeConfigToStringHasNoSecrets() throws Exception {
        VpndConfig c = load(dir, """
                tunnels:
                  psk:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2}
                    auth: {psk: "%s"}
                  manual:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.3}
                    manual:
                      spiIn: 1000
                      spiOut: 1001
                      proposal: aes256gcm16
                      keyIn: "%s"
                      keyOut: "%s"
                """.formatted(PSK, KEY_IN, KEY_OUT));
        String s = c.toString();
        assertFalse(s.contains(PSK), s);
        assertFalse(s.contains(KEY_IN), s);
        assertFalse(s.contains(KEY_OUT), s);
        assertFalse(s.contains("abcdef"), s);
        assertTrue(s.contains("redacted"));
    }

    @Test
    void badKeysAreReportedWithoutQuotingThem() throws Exception {
        String badPsk = "0xSECRETNOTHEX";
        String badKey = "0xKEYMATERIALzz";
        ConfigException e = fails(dir, """
                tunnels:
                  t1:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2}
                    auth: {psk: "%s"}
                  m1:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.3}
                    manual: {spiIn: 1000, spiOut: 1001, proposal: aes256gcm16, keyIn: "%s", keyOut: "%s"}
                """.formatted(badPsk, badKey, KEY_OUT));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertFalse(e.getMessage().contains("SECRETNOTHEX"), e.getMessage());
        assertFalse(e.getMessage().contains("KEYMATERIAL"), e.getMessage());
        assertTrue(e.problems().get(0).message().startsWith("the key starts with 0x but is not hex"), e.getMessage());
        assertTrue(e.problems().get(1).message().startsWith("keyIn is not hex"), e.getMessage());
        assertTrue(e.getMessage().contains("the value is not shown"), e.getMessage());
    }

    @Test
    void secretArraysAreCopiedInAndOut() {
        byte[] secret = PSK.getBytes(StandardCharsets.UTF_8);
        PskAuth psk = new PskAuth(secret, Optional.empty());
        secret[0] = 'X';
        assertArrayEquals(PSK.getBytes(StandardCharsets.UTF_8), psk.secret());
        psk.secret()[0] = 'Y';
        assertArrayEquals(PSK.getBytes(StandardCharsets.UTF_8), psk.secret());
        assertEquals(psk, new PskAuth(PSK.getBytes(StandardCharsets.UTF_8), Optional.empty()));
        assertNotEquals(psk, new PskAuth("other".getBytes(StandardCharsets.UTF_8), Optional.empty()));
    }
}

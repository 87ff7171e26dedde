package io.vpnd.config;

import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.esp.ChildSaSpec;
import io.vpnd.esp.SaDirection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;

import static io.vpnd.config.ConfigTestSupport.fails;
import static io.vpnd.config.ConfigTestSupport.has;
import static io.vpnd.config.ConfigTestSupport.load;
import static io.vpnd.config.ConfigTestSupport.single;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code manual} block: static SAs without IKE, as {@code ip xfrm state add} keys them. */
class ManualKeyingTest {
    // AES-256-GCM keying material: 32-octet key + 4-octet salt (RFC 4106 §8.1)
    private static final String GCM_IN = "0x" + "11".repeat(32) + "a1a2a3a4";
    private static final String GCM_OUT = "22".repeat(32) + "b1b2b3b4";

    @TempDir
    Path dir;

    /** Lines 1-5 fixed; manual keys from line 6 on, 6 spaces indented. */
    private static String manual(String keys) {
        return """
                tunnels:
                  m1:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2}
                    manual:
                """ + keys;
    }

    @Test
    void gcmManualSaNeedsNoAuthOrIke() throws Exception {
        TunnelConfig t = load(dir, manual("""
                      spiIn: 0xc0000102
                      spiOut: 0xc0000101
                      proposal: aes256gcm16
                      keyIn: "%s"
                      keyOut: "%s"
                """.formatted(GCM_IN, GCM_OUT)) + """
                    selectors: {local: [198.51.100.0/24], remote: [203.0.113.0/24]}
                    esp: {replayWindow: 64, lifeBytes: 1000000}
                """).tunnels().get("m1");
        assertTrue(t.isManual());
        assertEquals(Optional.empty(), t.auth());
        ManualSaConfig m = t.manual().orElseThrow();
        assertEquals(0xc0000102, m.spiIn());
        assertEquals(0xc0000101, m.spiOut());
        assertEquals(EncryptionAlgorithm.ENCR_AES_GCM_16, m.encryption().algorithm());
        assertEquals(256, m.encryption().keyBits());
        assertEquals(Optional.empty(), m.integrity());
        assertArrayEquals(HexFormat.of().parseHex(GCM_IN.substring(2)), m.keyIn());
        assertEquals(0, m.authKeyIn().length);

        ChildSaSpec in = m.childSaSpec(t, SaDirection.INBOUND, 4500);
        assertEquals("m1", in.tunnel());
        assertEquals(0xc0000102, in.spi());
        assertArrayEquals(m.keyIn(), in.encryptionKey());
        assertNull(in.integrity());
        assertEquals(64, in.replayWindow());
        assertEquals(new InetSocketAddress("192.0.2.1", 4500), in.local());
        assertEquals(new InetSocketAddress("192.0.2.2", 4500), in.remote());
        assertEquals("198.51.100.0/24", in.localSelectors().get(0).toString());
        assertEquals("203.0.113.0/24", in.remoteSelectors().get(0).toString());
        assertEquals(1_000_000, in.lifetime().hardBytes());
        ChildSaSpec out = m.childSaSpec(t, SaDirection.OUTBOUND, 4500);
        assertEquals(0xc0000101, out.spi());
        assertArrayEquals(m.keyOut(), out.encryptionKey());
    }

    @Test
    void cbcManualSaTakesHmacKeys() throws Exception {
        TunnelConfig t = load(dir, manual("""
                      spiIn: 1000
                      spiOut: 1001
                      proposal: aes128-sha256
                      keyIn: "00112233445566778899aabbccddeeff"
                      keyOut: "ffeeddccbbaa99887766554433221100"
                      authKeyIn: "%s"
                      authKeyOut: "%s"
                      esn: true
                """.formatted("01".repeat(32), "02".repeat(32)))).tunnels().get("m1");
        ManualSaConfig m = t.manual().orElseThrow();
        assertEquals(Optional.of(IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128), m.integrity());
        assertTrue(m.esn());
        ChildSaSpec out = m.childSaSpec(t, SaDirection.OUTBOUND, 4500);
        assertEquals(IntegrityAlgorithm.AUTH_HMAC_SHA2_256_128, out.integrity());
        assertArrayEquals(HexFormat.of().parseHex("02".repeat(32)), out.integrityKey());
        assertTrue(out.esn());
    }

    @Test
    void keyLengthsAreCheckedAgainstTheAlgorithm() throws Exception {
        single(dir, manual("""
                      spiIn: 0xc0000102
                      spiOut: 0xc0000101
                      proposal: aes256gcm16
                      keyIn: "%s"
                      keyOut: "%s"
                """.formatted("11".repeat(32), GCM_OUT)), 9, 14, "tunnels.m1.manual.keyIn",
                "keyIn has 32 octets; aes256gcm16 needs 36 (32-octet key + 4-octet salt)");
        single(dir, manual("""
                      spiIn: 1000
                      spiOut: 1001
                      proposal: aes128-sha1
                      keyIn: "00112233445566778899aabbccddeeff"
                      keyOut: "ffeeddccbbaa99887766554433221100"
                      authKeyIn: "%s"
                      authKeyOut: "%s"
                """.formatted("01".repeat(32), "02".repeat(20))), 11, 18, "tunnels.m1.manual.authKeyIn",
                "authKeyIn has 32 octets; sha1 needs 20");
        single(dir, manual("""
                      spiIn: 1000
                      spiOut: 1001
                      proposal: aes128-sha1
                      keyIn: "00112233445566778899aabbccddeeff"
                      keyOut: "ffeeddccbbaa99887766554433221100"
                      authKeyIn: "%s"
                """.formatted("01".repeat(20))), 5, 5, "tunnels.m1.manual", "missing required key \"authKeyOut\"");
        single(dir, manual("""
                      spiIn: 1000
                      spiOut: 1001
                      proposal: aes256gcm16
                      keyIn: "%s"
                      keyOut: "%s"
                      authKeyIn: "0102"
                """.formatted(GCM_IN, GCM_OUT)), 11, 18, "tunnels.m1.manual.authKeyIn",
                "aes256gcm16 is AEAD and uses no authKeyIn");
        single(dir, manual("""
                      spiIn: 1000
                      spiOut: 1001
                      proposal: aes256gcm16
                      keyIn: "%s"
                      keyOut: "%s"
                """.formatted(GCM_IN, GCM_IN)), 10, 15, "tunnels.m1.manual.keyOut",
                "keyOut equals keyIn; each direction needs its own key");
    }

    @Test
    void spisMustBeUnreservedDistinctAndUniqueInbound() throws Exception {
        single(dir, manual("""
                      spiIn: 255
                      spiOut: 1001
                      proposal: aes256gcm16
                      keyIn: "%s"
                      keyOut: "%s"
                """.formatted(GCM_IN, GCM_OUT)), 6, 14, "tunnels.m1.manual.spiIn",
                "SPI 255 is reserved (RFC 4303: 0 is invalid, 1..255 are reserved); use 256 or more");
        single(dir, manual("""
                      spiIn: 0x1000
                      spiOut: 4096
                      proposal: aes256gcm16
                      keyIn: "%s"
                      keyOut: "%s"
                """.formatted(GCM_IN, GCM_OUT)), 7, 15, "tunnels.m1.manual.spiOut",
                "spiOut equals spiIn (0x00001000); give each direction its own SPI");
        single(dir, manual("""
                      spiIn: 0x100000000
                      spiOut: 4096
                      proposal: aes256gcm16
                      keyIn: "%s"
                      keyOut: "%s"
                """.formatted(GCM_IN, GCM_OUT)), 6, 14, "tunnels.m1.manual.spiIn", "is out of range 0..4294967295");
        String second = """
                  m2:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.3}
                    manual: {spiIn: 0xc0000102, spiOut: 0xc0000201, proposal: aes256gcm16, keyIn: "%s", keyOut: "%s"}
                """.formatted(GCM_IN, GCM_OUT);
        single(dir, manual("""
                      spiIn: 0xc0000102
                      spiOut: 0xc0000101
                      proposal: aes256gcm16
                      keyIn: "%s"
                      keyOut: "%s"
                """.formatted(GCM_IN, GCM_OUT)) + second, 14, 21, "tunnels.m2.manual.spiIn",
                "spiIn 0xc0000102 is already the inbound SPI of tunnel m1; inbound SPIs must be unique");
    }

    @Test
    void proposalIsOneAlgorithmSetWithoutGroup() throws Exception {
        String keys = """
                      spiIn: 1000
                      spiOut: 1001
                      keyIn: "%s"
                      keyOut: "%s"
                """.formatted(GCM_IN, GCM_OUT);
        single(dir, manual(keys + "      proposal: aes256gcm16-ecp256\n"), 10, 17, "tunnels.m1.manual.proposal",
                "names a key exchange group, which means nothing without IKE");
        single(dir, manual(keys + "      proposal: aes128gcm16-aes256gcm16\n"), 10, 17, "tunnels.m1.manual.proposal",
                "lists alternatives; manual keying needs exactly one algorithm set");
        single(dir, manual(keys + "      proposal: aes256gcm16-esn\n"), 10, 17, "tunnels.m1.manual.proposal",
                "\"esn\" in \"aes256gcm16-esn\": set manual.esn instead");
        single(dir, manual(keys + "      proposal: aes256gcm17\n"), 10, 17, "tunnels.m1.manual.proposal",
                "\"aes256gcm17\" in ESP proposal \"aes256gcm17\" is not a known algorithm (did you mean");
    }

    @Test
    void manualNeedsAFixedPeer() throws Exception {
        ConfigException e = fails(dir, """
                tunnels:
                  m1:
                    local: {address: 192.0.2.1}
                    remote: {address: any}
                    manual: {spiIn: 1000, spiOut: 1001, proposal: aes256gcm16, keyIn: "%s", keyOut: "%s"}
                """.formatted(GCM_IN, GCM_OUT));
        assertEquals(1, e.problems().size(), e.getMessage());
        has(e, 4, 23, "tunnels.m1.remote.address", "manual keying needs the peer's address, not any");
    }
}

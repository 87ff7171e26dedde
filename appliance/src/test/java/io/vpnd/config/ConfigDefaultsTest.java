package io.vpnd.config;

import io.vpnd.crypto.ProposalParser;
import io.vpnd.ike.message.IkeConstants.IdType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.vpnd.config.ConfigTestSupport.MINIMAL_TUNNEL;
import static io.vpnd.config.ConfigTestSupport.load;
import static io.vpnd.config.ConfigTestSupport.tunnel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Defaults of every optional key, and the valid forms the loader accepts. */
class ConfigDefaultsTest {
    @TempDir
    Path dir;

    @Test
    void minimalTunnelGetsTheDocumentedDefaults() throws Exception {
        VpndConfig c = load(dir, tunnel(MINIMAL_TUNNEL));
        assertEquals(ApiConfig.DEFAULT_SOCKET, c.api().socket());
        assertEquals(Path.of("/run/vpnd/vpnd.sock"), c.api().socket());
        assertEquals(Optional.empty(), c.api().group());
        assertEquals(Optional.empty(), c.api().https());
        assertEquals(MetricsConfig.NONE, c.metrics());
        assertEquals(new GlobalIkeConfig(InetAddress.getByName("0.0.0.0"), 500, 4500), c.ike());
        assertEquals(new DataplaneConfig(0, true), c.dataplane());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.dataplane().effectiveThreads());

        TunnelConfig t = c.tunnels().get("t1");
        assertEquals(new IkeIdentity(IdType.ID_IPV4_ADDR, "192.0.2.1"), t.local().id());
        assertEquals(Optional.of(new IkeIdentity(IdType.ID_IPV4_ADDR, "192.0.2.2")), t.remote().id());
        assertEquals(500, t.remote().port());
        assertEquals(4500, t.remote().natPort());
        assertEquals(List.of("aes256gcm16-prfsha256-ecp256", "aes256-sha256-modp2048"),
                t.ike().proposals().stream().map(ProposalParser::toStrongSwanString).toList());
        assertEquals(Duration.ofHours(8), t.ike().lifetime());
        assertEquals(Duration.ofMinutes(9), t.ike().rekeyMargin());
        assertEquals(10, t.ike().rekeyFuzzPercent());
        assertFalse(t.ike().reauth());
        assertEquals(List.of("aes256gcm16", "aes256-sha256"),
                t.esp().proposals().stream().map(ProposalParser::toStrongSwanString).toList());
        assertEquals(Duration.ofHours(1), t.esp().lifetime());
        assertEquals(Duration.ofMinutes(9), t.esp().rekeyMargin());
        assertEquals(10, t.esp().rekeyFuzzPercent());
        assertEquals(0, t.esp().lifeBytes());
        assertEquals(0, t.esp().lifePackets());
        assertEquals(1024, t.esp().replayWindow());
        assertEquals(DpdConfig.DEFAULT, t.dpd());
        assertEquals(new DpdConfig(Duration.ofSeconds(10), Duration.ofSeconds(30), DpdConfig.DpdAction.RESTART), t.dpd());
        assertEquals(SelectorsConfig.ANY_IPV4, t.selectors());
        assertEquals("0.0.0.0/0", t.selectors().remoteSelectors().get(0).toString());
        assertEquals(new InterfaceConfig("t1", 1400, Optional.empty()), t.iface());
        assertEquals(List.of(), t.routes());
        assertEquals(StartAction.INITIATE, t.start());
        assertTrue(t.encap());
        assertFalse(t.isManual());
    }

    @Test
    void rekeyAfterAppliesMarginAndFuzz() throws Exception {
        TunnelConfig t = load(dir, tunnel(MINIMAL_TUNNEL)).tunnels().get("t1");
        assertEquals(Duration.ofHours(8).minusMinutes(9), t.ike().rekeyAfter(0));
        // 10% of 9m is 54s, so the latest margin is 9m54s
        assertEquals(Duration.ofHours(1).minusMinutes(9).minusSeconds(27), t.esp().rekeyAfter(0.5));
    }

    @Test
    void anyRemoteRespondsAndAcceptsAnyIdentity() throws Exception {
        TunnelConfig t = load(dir, tunnel("""
                    local: {address: 192.0.2.1}
                    remote: {address: any}
                    auth: {psk: abcdefgh}
                """)).tunnels().get("t1");
        assertTrue(t.remote().isAny());
        assertEquals(Optional.empty(), t.remote().id());
        assertEquals(StartAction.RESPOND, t.start());
        TunnelConfig strongSwanSpelling = load(dir, tunnel("""
                    local: {address: 192.0.2.1}
                    remote: {address: "%any", id: "C=US, O=Example, CN=peer"}
                    auth: {psk: abcdefgh}
                """)).tunnels().get("t1");
        assertTrue(strongSwanSpelling.remote().isAny());
        assertEquals(IdType.ID_DER_ASN1_DN, strongSwanSpelling.remote().id().orElseThrow().type());
    }

    @Test
    void remotePortsDefaultToTheGlobalOnes() throws Exception {
        VpndConfig c = load(dir, "ike: {port: 1500, natPort: 14500}\n" + tunnel(MINIMAL_TUNNEL));
        assertEquals(1500, c.tunnels().get("t1").remote().port());
        assertEquals(14500, c.tunnels().get("t1").remote().natPort());
        VpndConfig own = load(dir, tunnel("""
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2, port: 2500, natPort: 24500}
                    auth: {psk: abcdefgh}
                """));
        assertEquals(2500, own.tunnels().get("t1").remote().port());
        assertEquals(24500, own.tunnels().get("t1").remote().natPort());
    }

    @Test
    void localAddressDefaultsToASpecificIkeAddress() throws Exception {
        VpndConfig c = load(dir, """
                ike: {address: 192.0.2.1}
                tunnels:
                  t1:
                    remote: {address: 192.0.2.2}
                    auth: {psk: abcdefgh}
                """);
        assertEquals(InetAddress.getByName("192.0.2.1"), c.tunnels().get("t1").local().address());
    }

    @Test
    void ipv6TunnelOnADualStackBind() throws Exception {
        TunnelConfig t = load(dir, """
                ike: {address: "::"}
                tunnels:
                  v6:
                    local: {address: "2001:db8::1"}
                    remote: {address: "2001:db8::2"}
                    auth: {psk: abcdefgh}
                    selectors: {local: ["2001:db8:1::/48"], remote: ["2001:db8:2::/48"]}
                    interface: {mtu: 1280, address: "2001:db8:ffff::1/64"}
                    routes: ["2001:db8:2:1::/64"]
                """).tunnels().get("v6");
        assertEquals(new IkeIdentity(IdType.ID_IPV6_ADDR, "2001:db8::1"), t.local().id());
        assertEquals(1280, t.iface().mtu());
        assertTrue(t.selectors().hasIpv6());
        assertEquals("2001:db8:2::/48", t.selectors().remote().get(0).toString());
    }

    @Test
    void interfaceNamesAreDerivedUniqueAndAtMost15Characters() throws Exception {
        VpndConfig c = load(dir, """
                x-common: &common
                  local: {address: 192.0.2.1}
                  auth: {psk: abcdefgh}
                tunnels:
                  aws-vpn-0123456789-tunnel-1:
                    <<: *common
                    remote: {address: 192.0.2.11}
                  aws-vpn-0123456789-tunnel-2:
                    <<: *common
                    remote: {address: 192.0.2.12}
                  aws-vpn-0123456789-tunnel-3:
                    <<: *common
                    remote: {address: 192.0.2.13}
                    interface: {name: aws-vpn-0123456}
                  short:
                    <<: *common
                    remote: {address: 192.0.2.14}
                """);
        assertEquals("aws-vpn-01234-2", c.tunnels().get("aws-vpn-0123456789-tunnel-1").iface().name());
        assertEquals("aws-vpn-01234-3", c.tunnels().get("aws-vpn-0123456789-tunnel-2").iface().name());
        assertEquals("aws-vpn-0123456", c.tunnels().get("aws-vpn-0123456789-tunnel-3").iface().name());
        assertEquals("short", c.tunnels().get("short").iface().name());
        assertEquals(List.of("aws-vpn-0123456789-tunnel-1", "aws-vpn-0123456789-tunnel-2",
                "aws-vpn-0123456789-tunnel-3", "short"), List.copyOf(c.tunnels().keySet()));
    }

    @Test
    void anchorsAndMergeKeysShareSettingsAndWrittenKeysWin() throws Exception {
        VpndConfig c = load(dir, """
                x-aws: &aws
                  local: {address: 192.0.2.1}
                  auth: {psk: abcdefgh}
                  esp: {proposals: [aes128-sha1], lifetime: 1h}
                tunnels:
                  t1:
                    <<: *aws
                    remote: {address: 192.0.2.2}
                  t2:
                    <<: *aws
                    remote: {address: 192.0.2.3}
                    esp: {proposals: [aes256gcm16]}
                """);
        assertEquals("aes128-sha1", ProposalParser.toStrongSwanString(c.tunnels().get("t1").esp().proposals().get(0)));
        assertEquals("aes256gcm16", ProposalParser.toStrongSwanString(c.tunnels().get("t2").esp().proposals().get(0)));
    }

    @Test
    void proposalsMayBeCommaSeparatedAsInIpsecConf() throws Exception {
        TunnelConfig t = load(dir, tunnel(MINIMAL_TUNNEL + """
                    ike:
                      proposals: "aes256-sha256-modp2048,aes128-sha1-modp2048!"
                    esp:
                      proposals: [aes128gcm16-esn, "aes256-sha512-ecp384,aes128-sha256"]
                """)).tunnels().get("t1");
        assertEquals(List.of("aes256-sha256-modp2048", "aes128-sha1-modp2048"),
                t.ike().proposals().stream().map(ProposalParser::toStrongSwanString).toList());
        assertEquals(List.of("aes128gcm16-esn", "aes256-sha512-ecp384", "aes128-sha256"),
                t.esp().proposals().stream().map(ProposalParser::toStrongSwanString).toList());
    }

    @Test
    void explicitValuesOfEveryBlock() throws Exception {
        TunnelConfig t = load(dir, tunnel(MINIMAL_TUNNEL + """
                    ike: {lifetime: 1d, rekeyMargin: 1h30m, rekeyFuzz: 50%, reauth: true}
                    esp: {lifetime: 3600, rekeyMargin: 5m, rekeyFuzz: 0, lifeBytes: 4000000000, lifePackets: 0x10000,
                          replayWindow: 0}
                    dpd: {interval: 5s, timeout: 5s, action: clear}
                    start: respond
                    encap: true
                """)).tunnels().get("t1");
        assertEquals(new IkeSaConfig(t.ike().proposals(), Duration.ofDays(1), Duration.ofMinutes(90), 50, true), t.ike());
        assertEquals(Duration.ofHours(1), t.esp().lifetime());
        assertEquals(0, t.esp().rekeyFuzzPercent());
        assertEquals(4_000_000_000L, t.esp().lifeBytes());
        assertEquals(65536, t.esp().lifePackets());
        assertEquals(0, t.esp().replayWindow());
        assertEquals(new DpdConfig(Duration.ofSeconds(5), Duration.ofSeconds(5), DpdConfig.DpdAction.CLEAR), t.dpd());
        assertEquals(StartAction.RESPOND, t.start());
    }

    @Test
    void pskFileIsReadTrimmedAndResolvedAgainstTheConfigDirectory() throws Exception {
        Files.writeString(dir.resolve("t1.psk"), "  file-secret-123\n\n");
        TunnelConfig t = load(dir, tunnel("""
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2}
                    auth: {pskFile: t1.psk}
                """)).tunnels().get("t1");
        PskAuth psk = assertInstanceOf(PskAuth.class, t.auth().orElseThrow());
        assertArrayEquals("file-secret-123".getBytes(StandardCharsets.UTF_8), psk.secret());
        assertEquals(Optional.of(dir.resolve("t1.psk").toAbsolutePath()), psk.file());
    }

    @Test
    void pskInStrongSwanHexAndBase64() throws Exception {
        TunnelConfig hex = load(dir, tunnel("""
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2}
                    auth: {psk: "0x00ff10"}
                """)).tunnels().get("t1");
        assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, ((PskAuth) hex.auth().orElseThrow()).secret());
        TunnelConfig b64 = load(dir, tunnel("""
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2}
                    auth: {psk: "0sAP8Q"}
                """)).tunnels().get("t1");
        assertArrayEquals(new byte[] {0, (byte) 0xff, 0x10}, ((PskAuth) b64.auth().orElseThrow()).secret());
    }

    @Test
    void certAuthWithOneOrSeveralCas() throws Exception {
        for (String f : List.of("local.crt", "local.key", "ca1.crt", "ca2.crt")) {
            Files.writeString(dir.resolve(f), "PEM");
        }
        TunnelConfig one = load(dir, tunnel("""
                    local: {address: 192.0.2.1, id: "C=US, O=Example, CN=left"}
                    remote: {address: 192.0.2.2, id: "C=US, O=Example, CN=right"}
                    auth: {cert: local.crt, key: local.key, ca: ca1.crt}
                """)).tunnels().get("t1");
        CertAuth cert = assertInstanceOf(CertAuth.class, one.auth().orElseThrow());
        Path base = dir.toAbsolutePath();
        assertEquals(new CertAuth(base.resolve("local.crt"), base.resolve("local.key"), List.of(base.resolve("ca1.crt"))),
                cert);
        TunnelConfig two = load(dir, tunnel("""
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2}
                    auth:
                      cert: local.crt
                      key: local.key
                      ca: [ca1.crt, ca2.crt]
                """)).tunnels().get("t1");
        assertEquals(2, ((CertAuth) two.auth().orElseThrow()).ca().size());
    }

    @Test
    void managementAndMetricsEndpoints() throws Exception {
        for (String f : List.of("api.crt", "api.key", "clients.crt")) {
            Files.writeString(dir.resolve(f), "PEM");
        }
        VpndConfig c = load(dir, """
                api:
                  socket: /run/vpnd/test.sock
                  group: vpnd
                  https: {listen: "[::1]:8443", cert: api.crt, key: api.key, clientCa: clients.crt}
                metrics:
                  prometheus: "[::]:9469"
                  tls: {cert: api.crt, key: api.key}
                dataplane: {threads: 2, offload: false}
                tunnels: {}
                """);
        assertEquals(Optional.of("vpnd"), c.api().group());
        ApiConfig.HttpsConfig https = c.api().https().orElseThrow();
        assertEquals("[::1]:8443", https.listen().toString());
        assertEquals(dir.toAbsolutePath().resolve("clients.crt"), https.clientCa());
        assertEquals(9469, c.metrics().prometheus().orElseThrow().port());
        assertEquals(Optional.empty(), c.metrics().tls().orElseThrow().clientCa());
        assertEquals(new DataplaneConfig(2, false), c.dataplane());
        assertTrue(c.tunnels().isEmpty());
    }
}

package io.vpnd.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.vpnd.config.ConfigTestSupport.fails;
import static io.vpnd.config.ConfigTestSupport.has;
import static io.vpnd.config.ConfigTestSupport.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every class of config error yields {@code FILE:LINE:COLUMN: KEY.PATH: problem} pointing at
 * the right place. Configs start with a valid tunnel t1 on lines 1-8; the keys under test
 * start on line 9.
 */
class ConfigLoaderErrorsTest {
    @TempDir
    Path dir;

    /** Lines 1-8: a valid tunnel; {@code extra} follows on line 9, indented as tunnel keys (4 spaces). */
    private static String base(String extra) {
        return """
                tunnels:
                  t1:
                    local:
                      address: 192.0.2.1
                    remote:
                      address: 192.0.2.2
                    auth:
                      psk: "a-long-enough-test-secret"
                """ + extra;
    }

    @Test
    void theBriefsExampleMessage() throws Exception {
        ConfigException e = fails(dir, base("""
                    esp:
                      lifetime: 1x
                """));
        assertEquals(dir.resolve("vpnd.yaml") + ":10:17: tunnels.t1.esp.lifetime: \"1x\" is not a duration"
                + " (use e.g. 30s, 9m, 8h, 1d)", e.getMessage());
    }

    @Test
    void unknownKeySuggestsTheClosestValidKey() throws Exception {
        single(dir, base("""
                    esp:
                      lifetme: 1h
                """), 10, 7, "tunnels.t1.esp.lifetme", "unknown key \"lifetme\" (did you mean \"lifetime\"?)");
        single(dir, base("""
                    ike:
                      rekey_margin: 9m
                """), 10, 7, "tunnels.t1.ike.rekey_margin", "(did you mean \"rekeyMargin\"?)");
        single(dir, base("""
                    Remote: {}
                """), 9, 5, "tunnels.t1.Remote", "(did you mean \"remote\"?)");
    }

    @Test
    void unknownKeyFarFromAnyListsTheValidKeys() throws Exception {
        single(dir, "colour: red\n" + base(""), 1, 1, "colour",
                "unknown key \"colour\" (valid keys here: api, metrics, ike, dataplane, tunnels)");
    }

    @Test
    void wrongTypes() throws Exception {
        single(dir, base("""
                    routes: {a: 1}
                """), 9, 13, "tunnels.t1.routes", "expected a list, found a block of keys");
        single(dir, base("""
                    dpd: [10s]
                """), 9, 10, "tunnels.t1.dpd", "expected a block of keys (interval, timeout, action), found a list");
        single(dir, base("""
                    interface:
                      mtu: big
                """), 10, 12, "tunnels.t1.interface.mtu", "\"big\" is not a whole number");
        single(dir, base("""
                    interface:
                      mtu: 1400.5
                """), 10, 12, "tunnels.t1.interface.mtu", "expected a whole number, found the number 1400.5");
        single(dir, base("""
                    ike:
                      reauth: sometimes
                """), 10, 15, "tunnels.t1.ike.reauth", "expected true or false, found the text \"sometimes\"");
        single(dir, base("""
                    start: [initiate]
                """), 9, 12, "tunnels.t1.start", "expected a single value, found a list");
        single(dir, base("""
                    start:
                """), 9, 11, "tunnels.t1.start", "has no value");
        single(dir, base("""
                    start: begin
                """), 9, 12, "tunnels.t1.start", "\"begin\" is not one of initiate, respond");
        single(dir, "tunnels: [a, b]\n", 1, 10, "tunnels", "expected tunnels by name");
    }

    @Test
    void yamlSyntaxErrors() throws Exception {
        ConfigException tab = fails(dir, "tunnels:\n\tt1: {}\n");
        assertEquals(1, tab.problems().size());
        assertTrue(tab.getMessage().startsWith(dir.resolve("vpnd.yaml") + ":2:1: YAML syntax error: "), tab.getMessage());
        assertTrue(tab.getMessage().contains("TAB"), tab.getMessage());

        ConfigException bracket = fails(dir, base("    routes: [203.0.113.0/24\n"));
        assertTrue(bracket.getMessage().startsWith(dir.resolve("vpnd.yaml") + ":10:1: YAML syntax error: expected ','"
                + " or ']'"), bracket.getMessage());
        assertTrue(bracket.getMessage().contains("flow sequence at line 9, column 13"), bracket.getMessage());

        ConfigException colon = fails(dir, "api: socket: /x\n");
        assertTrue(colon.getMessage().startsWith(dir.resolve("vpnd.yaml") + ":1:12: YAML syntax error: mapping values"
                + " are not allowed here"), colon.getMessage());
    }

    @Test
    void yamlDocumentProblems() throws Exception {
        single(dir, base("""
                    start: initiate
                    start: respond
                """), 10, 5, "tunnels.t1.start", "duplicate key \"start\" (first written at line 9)");
        single(dir, base("""
                    start: *nowhere
                """), 9, 12, "tunnels.t1.start", "alias *nowhere refers to no anchor &nowhere defined before it");
        single(dir, "--- {tunnels: {}}\n--- {tunnels: {}}\n", 2, 5, "", "more than one YAML document");
        ConfigException scalar = fails(dir, "just text\n");
        assertEquals(dir.resolve("vpnd.yaml") + ":1:1: expected a block of keys (api, metrics, ike, dataplane, tunnels)"
                + " at the top of the file, found the text \"just text\"", scalar.getMessage());
        ConfigException empty = fails(dir, "# nothing\n");
        assertEquals(dir.resolve("vpnd.yaml") + ": the config is empty (it needs at least the tunnels block)",
                empty.getMessage());
    }

    @Test
    void unreadableConfigFile() {
        Path missing = dir.resolve("absent.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing));
        assertEquals(missing + ": cannot read the config: no such file", e.getMessage());
    }

    @Test
    void missingRequiredKeysPointAtTheEnclosingBlock() throws Exception {
        single(dir, """
                tunnels:
                  t1:
                    local: {address: 192.0.2.1}
                    auth: {psk: abcdefgh}
                """, 2, 3, "tunnels.t1", "missing required key \"remote\"");
        single(dir, """
                tunnels:
                  t1:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2}
                """, 2, 3, "tunnels.t1", "missing required key \"auth\"");
        single(dir, """
                tunnels:
                  t1:
                    local: {id: gw.example}
                    remote: {address: 192.0.2.2}
                    auth: {psk: abcdefgh}
                """, 3, 5, "tunnels.t1.local", "missing required key \"address\" (ike.address 0.0.0.0 is a wildcard");
        single(dir, """
                tunnels:
                  t1:
                    remote:
                      address: 192.0.2.2
                    auth: {psk: abcdefgh}
                """, 2, 3, "tunnels.t1", "missing required key \"local\"");
        ConfigException remote = fails(dir, """
                tunnels:
                  t1:
                    local: {address: 192.0.2.1}
                    remote:
                      id: peer.example
                    auth: {psk: abcdefgh}
                """);
        assertEquals(dir.resolve("vpnd.yaml") + ":4:5: tunnels.t1.remote: missing required key \"address\"",
                remote.getMessage());
        single(dir, base("""
                    interface: {address: 169.254.10.1/30}
                  t2:
                    remote: {address: 192.0.2.3}
                    auth: {psk: abcdefgh}
                """), 10, 3, "tunnels.t2", "missing required key \"local\"");
    }

    @Test
    void badAddressesAreNeverResolved() throws Exception {
        single(dir, """
                tunnels:
                  t1:
                    local: {address: gw.example.com}
                    remote: {address: 192.0.2.2}
                    auth: {psk: abcdefgh}
                """, 3, 22, "tunnels.t1.local.address",
                "\"gw.example.com\" is not an IP address (vpnd never resolves names: write an IPv4 or IPv6 literal)");
        single(dir, "ike:\n  address: 192.0.2.300\n", 2, 12, "ike.address", "\"192.0.2.300\" is not an IP address");
        single(dir, "metrics:\n  prometheus: localhost:9469\n", 2, 15, "metrics.prometheus",
                "\"localhost\" is not an IP address");
        single(dir, "metrics:\n  prometheus: 127.0.0.1\n", 2, 15, "metrics.prometheus", "has no port");
        single(dir, base("""
                    interface: {}
                  t2:
                    local: {address: 0.0.0.0}
                    remote: {address: 192.0.2.3}
                    auth: {psk: abcdefgh}
                """), 11, 22, "tunnels.t2.local.address", "\"0.0.0.0\" is a wildcard");
    }

    @Test
    void badCidrs() throws Exception {
        single(dir, base("""
                    routes: [203.0.113.5/24]
                """), 9, 14, "tunnels.t1.routes[0]",
                "\"203.0.113.5/24\" has host bits set after the /24 prefix (did you mean 203.0.113.0/24?)");
        single(dir, base("""
                    routes: [203.0.113.0/33]
                """), 9, 14, "tunnels.t1.routes[0]", "\"203.0.113.0/33\" has a bad prefix length (0..32 for IPv4)");
        single(dir, base("""
                    routes:
                      - 0.0.0.0/0
                      - lan/24
                """), 11, 9, "tunnels.t1.routes[1]", "\"lan/24\" is not a CIDR prefix");
        single(dir, base("""
                    interface: {address: 169.254.10.0/30}
                """), 9, 26, "tunnels.t1.interface.address", "is the network address of its /30");
        single(dir, base("""
                    interface: {address: 169.254.10.1}
                """), 9, 26, "tunnels.t1.interface.address", "needs a prefix length");
    }

    @Test
    void badProposalsNameTheToken() throws Exception {
        single(dir, base("""
                    ike:
                      proposals: [aes256gcm16-prfsha256-ecp256, aes257-sha256-modp2048]
                """), 10, 49, "tunnels.t1.ike.proposals[1]",
                "\"aes257\" in IKE proposal \"aes257-sha256-modp2048\" is not a known algorithm (did you mean \"aes256\"?)");
        single(dir, base("""
                    ike:
                      proposals: [aes256gcm16-ecp256]
                """), 10, 19, "tunnels.t1.ike.proposals[0]",
                "IKE proposal \"aes256gcm16-ecp256\" with AEAD encryption \"aes256gcm16\" needs a PRF (add e.g. prfsha256)");
        single(dir, base("""
                    ike:
                      proposals: aes256-sha256
                """), 10, 18, "tunnels.t1.ike.proposals[0]", "has no key exchange group");
        single(dir, base("""
                    esp:
                      proposals: [aes256gcm16-prfsha256]
                """), 10, 19, "tunnels.t1.esp.proposals[0]", "\"prfsha256\" in ESP proposal");
        single(dir, base("""
                    esp:
                      proposals: [aes256gcm16-sha256]
                """), 10, 19, "tunnels.t1.esp.proposals[0]", "takes no integrity algorithm (remove \"sha256\")");
        single(dir, base("""
                    esp:
                      proposals: [3des-sha1]
                """), 10, 19, "tunnels.t1.esp.proposals[0]", "\"3des\" in ESP proposal \"3des-sha1\" is a strongSwan"
                + " algorithm that vpnd does not implement");
        single(dir, base("""
                    esp:
                      proposals: []
                """), 10, 18, "tunnels.t1.esp.proposals", "list at least one proposal");
    }

    @Test
    void rekeyMarginMustFitInTheLifetime() throws Exception {
        single(dir, base("""
                    esp:
                      lifetime: 10m
                      rekeyMargin: 10m
                """), 11, 20, "tunnels.t1.esp.rekeyMargin", "rekeyMargin 10m must be shorter than lifetime 10m");
        single(dir, base("""
                    ike:
                      lifetime: 5m
                """), 10, 17, "tunnels.t1.ike.lifetime", "rekeyMargin 9m must be shorter than lifetime 5m");
        single(dir, base("""
                    ike:
                      lifetime: 15m
                      rekeyFuzz: 100%
                """), 11, 18, "tunnels.t1.ike.rekeyFuzz",
                "rekeyMargin 9m plus up to 100% of it as rekeyFuzz (18m) must be shorter than lifetime 15m");
        single(dir, base("""
                    ike:
                      lifetime: 0s
                """), 10, 17, "tunnels.t1.ike.lifetime", "must be longer than 0s");
        single(dir, base("""
                    ike:
                      rekeyFuzz: lots
                """), 10, 18, "tunnels.t1.ike.rekeyFuzz", "\"lots\" is not a percentage (e.g. 10%)");
    }

    @Test
    void dpdTimeoutMustCoverAnInterval() throws Exception {
        single(dir, base("""
                    dpd:
                      interval: 30s
                      timeout: 10s
                """), 11, 16, "tunnels.t1.dpd.timeout",
                "timeout 10s is shorter than interval 30s; the peer must get at least one interval to answer");
        single(dir, base("""
                    dpd:
                      action: reset
                """), 10, 15, "tunnels.t1.dpd.action", "\"reset\" is not one of clear, restart, none");
    }

    @Test
    void duplicateInterfaceNames() throws Exception {
        single(dir, base("""
                    interface: {name: vti0}
                  t2:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.3}
                    auth: {psk: abcdefgh}
                    interface: {name: vti0}
                """), 14, 23, "tunnels.t2.interface.name", "interface name \"vti0\" is already used by tunnel t1");
        single(dir, base("""
                    interface: {name: this-name-is-too-long}
                """), 9, 23, "tunnels.t1.interface.name", "is not a valid interface name (1..15 characters");
    }

    @Test
    void tunnelNamesAreRestricted() throws Exception {
        single(dir, """
                tunnels:
                  "to the cloud":
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2}
                    auth: {psk: abcdefgh}
                """, 2, 3, "tunnels.to the cloud", "tunnel name \"to the cloud\" must be 1..64 characters of A-Z a-z 0-9 . _ -");
    }

    @Test
    void selectorsNeedBothSidesAndPairableFamilies() throws Exception {
        single(dir, base("""
                    selectors:
                      local: [198.51.100.0/24]
                """), 9, 5, "tunnels.t1.selectors", "give both local and remote selectors (only local is given)");
        single(dir, base("""
                    selectors:
                      local: [198.51.100.0/24, 2001:db8:1::/48]
                      remote: [203.0.113.0/24]
                """), 10, 32, "tunnels.t1.selectors.local[1]",
                "IPv6 selector 2001:db8:1::/48 has no IPv6 selector in selectors.remote to pair with");
        single(dir, base("""
                    selectors:
                      local: [198.51.100.0/24]
                      remote: []
                """), 11, 15, "tunnels.t1.selectors.remote", "list at least one CIDR");
    }

    @Test
    void routesMustLieInsideTheRemoteSelectors() throws Exception {
        single(dir, base("""
                    selectors: {local: [198.51.100.0/24], remote: [203.0.113.0/24]}
                    routes: [203.0.113.128/25, 10.0.0.0/8]
                """), 10, 32, "tunnels.t1.routes[1]",
                "route 10.0.0.0/8 is outside every remote selector [203.0.113.0/24]");
    }

    @Test
    void mtuBelowTheIpv6MinimumWhenCarryingIpv6() throws Exception {
        single(dir, base("""
                    selectors: {local: ["2001:db8:1::/48"], remote: ["2001:db8:2::/48"]}
                    interface: {mtu: 1000}
                """), 10, 22, "tunnels.t1.interface.mtu",
                "mtu 1000 is below 1280, the IPv6 minimum (RFC 8200), and this tunnel carries IPv6 (2001:db8:1::/48)");
        single(dir, base("""
                    interface: {mtu: 500}
                """), 9, 22, "tunnels.t1.interface.mtu", "500 is out of range 576..9000");
    }

    @Test
    void identities() throws Exception {
        single(dir, """
                tunnels:
                  t1:
                    local: {address: 192.0.2.1, id: "C=US, XX=Example"}
                    remote: {address: 192.0.2.2}
                    auth: {psk: abcdefgh}
                """, 3, 37, "tunnels.t1.local.id", "\"C=US, XX=Example\" is not a distinguished name");
        single(dir, """
                tunnels:
                  t1:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2, id: "peer gateway"}
                    auth: {psk: abcdefgh}
                """, 4, 38, "tunnels.t1.remote.id", "\"peer gateway\" is not a valid identity (use an FQDN, an IP"
                + " address, user@fqdn, or a DN");
        single(dir, """
                tunnels:
                  t1:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2, id: "@bad..name"}
                    auth: {psk: abcdefgh}
                """, 4, 38, "tunnels.t1.remote.id", "\"@bad..name\" is not a valid FQDN");
    }

    @Test
    void authAlternatives() throws Exception {
        single(dir, """
                tunnels:
                  t1:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2}
                    auth: {psk: abcdefgh, pskFile: /etc/vpnd/t1.psk}
                """, 5, 36, "tunnels.t1.auth.pskFile", "psk and pskFile are alternatives; give one of psk, pskFile,"
                + " or cert with key");
        single(dir, """
                tunnels:
                  t1:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2}
                    auth: {}
                """, 5, 5, "tunnels.t1.auth", "give one of psk, pskFile, or cert with key");
        Path cert = Files.writeString(dir.resolve("local.crt"), "-----BEGIN CERTIFICATE-----\n");
        single(dir, """
                tunnels:
                  t1:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2}
                    auth: {cert: local.crt}
                """, 5, 5, "tunnels.t1.auth", "missing required key \"key\"");
        assertTrue(Files.exists(cert));
        single(dir, """
                tunnels:
                  t1:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2}
                    auth: {cert: local.crt, key: local.key}
                """, 5, 34, "tunnels.t1.auth.key", "\"" + dir.resolve("local.key") + "\": no such file");
    }

    @Test
    void pskFileProblems() throws Exception {
        single(dir, """
                tunnels:
                  t1:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2}
                    auth: {pskFile: t1.psk}
                """, 5, 21, "tunnels.t1.auth.pskFile", "cannot read \"" + dir.resolve("t1.psk") + "\": no such file");
        Files.writeString(dir.resolve("t1.psk"), " \n\t\n");
        single(dir, """
                tunnels:
                  t1:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2}
                    auth: {pskFile: t1.psk}
                """, 5, 21, "tunnels.t1.auth.pskFile", "\"" + dir.resolve("t1.psk") + "\" is empty");
        single(dir, """
                tunnels:
                  t1:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2}
                    auth: {pskFile: .}
                """, 5, 21, "tunnels.t1.auth.pskFile", "is a directory");
        Files.writeString(dir.resolve("t1.psk"), "0xnothex\n");
        single(dir, """
                tunnels:
                  t1:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2}
                    auth: {pskFile: t1.psk}
                """, 5, 21, "tunnels.t1.auth.pskFile", "\"" + dir.resolve("t1.psk")
                + "\": the key starts with 0x but is not hex");
    }

    @Test
    void endpointConsistency() throws Exception {
        single(dir, base("""
                    encap: false
                """), 9, 12, "tunnels.t1.encap", "encap: false is not supported");
        single(dir, """
                tunnels:
                  t1:
                    local: {address: 192.0.2.1}
                    remote: {address: any}
                    auth: {psk: abcdefgh}
                    start: initiate
                """, 6, 12, "tunnels.t1.start", "cannot initiate to remote address any");
        single(dir, """
                tunnels:
                  t1:
                    local: {address: 192.0.2.1}
                    remote: {address: "2001:db8::2"}
                    auth: {psk: abcdefgh}
                """, 4, 23, "tunnels.t1.remote.address", "IPv6 address 2001:db8::2 cannot pair with the IPv4 local"
                + " address 192.0.2.1");
        single(dir, """
                ike: {address: 192.0.2.1}
                tunnels:
                  t1:
                    local: {address: 192.0.2.7}
                    remote: {address: 192.0.2.2}
                    auth: {psk: abcdefgh}
                """, 4, 22, "tunnels.t1.local.address", "192.0.2.7 differs from ike.address 192.0.2.1");
        single(dir, """
                tunnels:
                  t1:
                    local: {address: "2001:db8::1"}
                    remote: {address: "2001:db8::2"}
                    auth: {psk: abcdefgh}
                """, 3, 22, "tunnels.t1.local.address", "ike.address 0.0.0.0 binds IPv4 only (use :: to bind both");
        single(dir, "ike: {port: 4500}\n", 1, 13, "ike.port", "port and natPort are both 4500");
    }

    @Test
    void topLevelSections() throws Exception {
        single(dir, "api:\n  group: \"Bad Group\"\n", 2, 10, "api.group", "\"Bad Group\" is not a valid unix group name");
        single(dir, "api:\n  socket: /run/" + "s".repeat(110) + "\n", 2, 11, "api.socket", "is longer than the 107 octets");
        Files.writeString(dir.resolve("a.key"), "key");
        Files.writeString(dir.resolve("ca.crt"), "ca");
        single(dir, "api:\n  https: {listen: \"127.0.0.1:8443\", cert: a.crt, key: a.key, clientCa: ca.crt}\n",
                2, 43, "api.https.cert", "\"" + dir.resolve("a.crt") + "\": no such file");
        ConfigException tls = fails(dir, "metrics:\n  tls: {cert: a.crt}\n");
        assertEquals(3, tls.problems().size(), tls.getMessage());
        has(tls, 2, 8, "metrics.tls", "tls needs prometheus, the endpoint to serve");
        has(tls, 2, 3, "metrics.tls", "missing required key \"key\"");
        has(tls, 2, 15, "metrics.tls.cert", "no such file");
        single(dir, "dataplane:\n  threads: -1\n", 2, 12, "dataplane.threads", "-1 is out of range 0..1024");
    }

    @Test
    void everyProblemIsReportedInFileOrder() throws Exception {
        ConfigException e = fails(dir, """
                metrics:
                  prometheus: nowhere
                tunnels:
                  t1:
                    local: {address: 192.0.2.1}
                    remote: {address: 192.0.2.2}
                    auth: {psk: abcdefgh}
                    esp: {lifetime: 1x, replayWindow: 2000000}
                    dpd: {action: reset}
                    bogus: 1
                """);
        assertEquals(5, e.problems().size(), e.getMessage());
        String[] lines = e.getMessage().split("\n");
        assertEquals(5, lines.length);
        String file = dir.resolve("vpnd.yaml").toString();
        assertTrue(lines[0].startsWith(file + ":2:15: metrics.prometheus: "), lines[0]);
        assertTrue(lines[1].startsWith(file + ":8:21: tunnels.t1.esp.lifetime: "), lines[1]);
        assertTrue(lines[2].startsWith(file + ":8:39: tunnels.t1.esp.replayWindow: 2000000 is out of range"), lines[2]);
        assertTrue(lines[3].startsWith(file + ":9:19: tunnels.t1.dpd.action: "), lines[3]);
        assertTrue(lines[4].startsWith(file + ":10:5: tunnels.t1.bogus: unknown key"), lines[4]);
        has(e, 8, 21, "tunnels.t1.esp.lifetime", "is not a duration");
    }
}

package io.vpnd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * vpnctl against a stub vpnd on a Unix socket. The JSON fixtures were captured from the real
 * management server (appliance module) in front of its test's fake service.
 */
@Timeout(30)
class VpnctlTest {

    @TempDir
    Path dir;
    private Path socket;
    private StubVpnd vpnd;

    static String fixture(String name) throws IOException {
        try (InputStream in = VpnctlTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @BeforeEach
    void startStub() throws IOException {
        socket = dir.resolve("vpnd.sock");
        vpnd = new StubVpnd(socket)
                .answer("GET /v1/status", 200, fixture("status.json"))
                .answerChunked("GET /v1/sas", 200, fixture("sas.json"))
                .answer("GET /v1/routes", 200, fixture("routes.json"))
                .answer("POST /v1/tunnels/aws-2/up", 200, "{\"ok\":true,\"message\":\"initiating aws-2\"}")
                .answer("POST /v1/tunnels/aws-1/down", 200, "{\"ok\":true,\"message\":\"tunnel aws-1 is down\"}")
                .answer("POST /v1/tunnels/nope/up", 404, "{\"error\":\"no tunnel named 'nope'\"}")
                .answer("POST /v1/tunnels/aws-1/up", 409, "{\"error\":\"tunnel aws-1 is already up\"}")
                .answer("POST /v1/tunnels/odd%20name%2Fx/up", 200, "{\"ok\":false,\"message\":\"nothing to do\"}")
                .answer("POST /v1/reload", 422,
                        "{\"error\":\"vpnd.yaml: tunnels.aws-1.proposals: unknown algorithm 'aes999'\"}");
    }

    @AfterEach
    void stopStub() throws IOException {
        vpnd.close();
    }

    private CliRun vpnctl(String... args) {
        String[] withSocket = new String[args.length + 2];
        withSocket[0] = "--socket";
        withSocket[1] = socket.toString();
        System.arraycopy(args, 0, withSocket, 2, args.length);
        return CliRun.run(withSocket);
    }

    @Test
    void statusTable() {
        CliRun run = vpnctl("status");
        assertEquals(0, run.exit(), run.err());
        assertEquals(""
                + "TUNNEL  STATE       SINCE      REMOTE        IFACE        IN      OUT  PKT-IN  PKT-OUT  DROPS  SAS  REASON\n"
                + "aws-1   UP          3h00m ago  203.0.113.9   vpn0   1.21 GiB  340 MiB   1.23M     812k      3    1  ESTABLISHED\n"
                + "aws-2   CONNECTING  30s ago    203.0.113.10  vpn1        0 B      0 B       0        0      0    0  DPD_TIMEOUT\n",
                run.out());
        assertEquals("", run.err());
        assertTrue(vpnd.requests.get(0).startsWith("GET /v1/status HTTP/1.1\r\n"), vpnd.requests.get(0));
        assertTrue(vpnd.requests.get(0).contains("\r\nConnection: close\r\n"), vpnd.requests.get(0));
    }

    @Test
    void sasTableFromAChunkedAnswer() {
        CliRun run = vpnctl("sas");
        assertEquals(0, run.exit(), run.err());
        assertEquals(""
                + "TUNNEL  KIND   STATE        SPI-IN            SPI-OUT           ALGORITHMS                      AGE  REKEY-IN        IN       OUT  PKT-IN  PKT-OUT  SELECTORS\n"
                + "aws-1   IKE    ESTABLISHED  8a3f21c94d0e7b12  1c2d3e4f5a6b7c8d  aes256gcm16-prfsha384-ecp384  3h00m     6h40m  3.91 KiB  3.71 KiB      20       19  -\n"
                + "aws-1   CHILD  INSTALLED    c1a2b3c4          0a0b0c0d          aes256gcm16-esn               1h00m    40m00s  1.21 GiB   340 MiB   1.23M     812k  10.0.0.0/16 === 0.0.0.0/0\n",
                run.out());
    }

    @Test
    void routesTable() {
        CliRun run = vpnctl("routes");
        assertEquals(0, run.exit(), run.err());
        assertEquals(""
                + "DESTINATION     TUNNEL  IFACE  METRIC  INSTALLED  CANDIDATES\n"
                + "203.0.113.0/24  aws-1   vpn0      100  yes        aws-1,aws-2\n", run.out());
    }

    @Test
    void jsonIsTheServersJsonPrettyPrinted() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        for (String listing : new String[] {"status", "sas", "routes"}) {
            CliRun run = vpnctl(listing, "--json");
            assertEquals(0, run.exit(), run.err());
            assertEquals(mapper.readTree(fixture(listing + ".json")), mapper.readTree(run.out()), listing);
            assertTrue(run.out().startsWith("{\n  \""), "indented: " + run.out());
        }
        assertTrue(vpnctl("status", "--json").out().contains("\n      \"bytesIn\": 1300000000,\n"));
    }

    @Test
    void emptyListings() {
        vpnd.answer("GET /v1/status", 200, "{\"tunnels\":[]}").answer("GET /v1/routes", 200, "{\"routes\":[]}");
        assertEquals("no tunnels configured\n", vpnctl("status").out());
        assertEquals("no routes\n", vpnctl("routes").out());
    }

    @Test
    void fieldsANewerOrOlderVpndAddsOrLacksDoNotBreakTheTable() {
        vpnd.answer("GET /v1/status", 200,
                "{\"tunnels\":[{\"name\":\"t\",\"state\":\"DOWN\",\"bytesIn\":1,\"futureField\":{\"x\":1}}]}");
        CliRun run = vpnctl("status");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().lines().skip(1).findFirst().orElseThrow()
                .matches("t\\s+DOWN\\s+-\\s+-\\s+-\\s+1 B\\s+-\\s+-\\s+-\\s+-\\s+-\\s+-"), run.out());
    }

    @Test
    void upAndDownPrintVpndsMessage() {
        CliRun up = vpnctl("up", "aws-2");
        assertEquals(0, up.exit(), up.err());
        assertEquals("initiating aws-2\n", up.out());
        CliRun down = vpnctl("down", "aws-1");
        assertEquals(0, down.exit(), down.err());
        assertEquals("tunnel aws-1 is down\n", down.out());
        assertTrue(vpnd.requests.stream().anyMatch(r -> r.startsWith("POST /v1/tunnels/aws-1/down HTTP/1.1\r\n")
                && r.contains("Content-Length: 0\r\n")));
    }

    @Test
    void tunnelNamesArePercentEncoded() {
        CliRun run = vpnctl("up", "odd name/x");
        assertEquals(1, run.exit(), "ok=false is a failure");
        assertEquals("vpnctl: nothing to do\n", run.err());
        assertTrue(vpnd.requests.get(0).startsWith("POST /v1/tunnels/odd%20name%2Fx/up "));
    }

    @Test
    void daemonErrorsExit1WithVpndsMessage() {
        CliRun unknown = vpnctl("up", "nope");
        assertEquals(1, unknown.exit());
        assertEquals("", unknown.out());
        assertEquals("vpnctl: no tunnel named 'nope'\n", unknown.err());

        assertEquals("vpnctl: tunnel aws-1 is already up\n", vpnctl("up", "aws-1").err());

        CliRun reload = vpnctl("reload");
        assertEquals(1, reload.exit());
        assertEquals("vpnctl: vpnd.yaml: tunnels.aws-1.proposals: unknown algorithm 'aes999'\n", reload.err());
    }

    @Test
    void actionJsonPrintsTheAnswer() {
        CliRun run = vpnctl("up", "aws-2", "--json");
        assertEquals(0, run.exit());
        assertEquals("{\n  \"ok\": true,\n  \"message\": \"initiating aws-2\"\n}\n", run.out());
    }

    @Test
    void notJsonIsReportedNotRendered() {
        vpnd.answer("GET /v1/status", 200, "<html>hello</html>");
        CliRun run = vpnctl("status");
        assertEquals(1, run.exit());
        assertEquals("vpnctl: unexpected answer from vpnd (HTTP 200, not JSON): <html>hello</html>\n", run.err());
        vpnd.answer("GET /v1/routes", 500, "oops");
        assertEquals("vpnctl: vpnd answered HTTP 500: oops\n", vpnctl("routes").err());
    }

    @Test
    void usageErrorsExit2() {
        String[][] cases = {
                {},
                {"bogus"},
                {"up"},
                {"down", "a", "b"},
                {"status", "--bogus"},
                {"--socket"},
                {"--host", "127.0.0.1:8443", "status"},
                {"--host", "127.0.0.1:8443", "--cert", "c.pem", "status"},
                {"--host", "no-port", "--cert", "c.pem", "--key", "k.pem", "status"},
                {"--socket", "/x.sock", "--host", "h:1", "--cert", "c", "--key", "k", "status"},
                {"--cert", "c.pem", "status"},
                {"--timeout", "0", "status"},
                {"--timeout", "soon", "status"},
        };
        for (String[] args : cases) {
            CliRun run = CliRun.run(args);
            assertEquals(2, run.exit(), String.join(" ", args) + "\n" + run.err());
            assertTrue(run.err().startsWith("vpnctl: "), run.err());
            assertTrue(run.err().contains("Usage: vpnctl"), run.err());
            assertEquals("", run.out());
        }
        assertTrue(CliRun.run().err().contains("Commands:"), "no command shows the command list");
        assertTrue(CliRun.run("--host", "h:1", "status").err()
                .startsWith("vpnctl: --host needs --cert and --key"));
    }

    @Test
    void helpAndVersionExit0() {
        assertEquals(0, CliRun.run("--help").exit());
        assertEquals(0, CliRun.run("status", "--help").exit());
        CliRun version = CliRun.run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("vpnctl "));
    }

    @Test
    void globalOptionsAlsoWorkAfterTheCommand() {
        CliRun run = CliRun.run("routes", "--socket", socket.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("DESTINATION"));
    }

    @Test
    void socketFromTheEnvironmentAndTheDefault() {
        CliRun fromEnv = CliRun.run(Map.of("VPND_SOCKET", socket.toString()), "routes");
        assertEquals(0, fromEnv.exit(), fromEnv.err());
        // --socket wins over the environment
        CliRun flagWins = CliRun.run(Map.of("VPND_SOCKET", "/nonexistent/env.sock"), "--socket", socket.toString(),
                "routes");
        assertEquals(0, flagWins.exit(), flagWins.err());
        Vpnctl defaults = new Vpnctl(Map.of(), CliRun.CLOCK);
        assertEquals(Path.of("/run/vpnd/vpnd.sock"), defaults.socketPath());
    }

    @Test
    void aMissingSocketSaysVpndIsNotRunning() {
        Path missing = dir.resolve("run/vpnd/vpnd.sock");
        CliRun run = CliRun.run("--socket", missing.toString(), "status");
        assertEquals(1, run.exit());
        assertEquals("vpnctl: cannot reach vpnd at " + missing
                + " (no such file): is vpnd running? (systemctl status vpnd)\n", run.err());
    }

    @Test
    void aStaleSocketIsNamedAsSuch() throws IOException {
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale)); // its file outlives it, as after a crash
        }
        CliRun run = CliRun.run("--socket", stale.toString(), "status");
        assertEquals(1, run.exit());
        assertEquals("vpnctl: vpnd is not running: " + stale + " exists but nothing listens on it (left behind "
                + "by a stopped vpnd); start it with: systemctl start vpnd\n", run.err());
    }

    @Test
    void aRegularFileIsNotASocket() throws IOException {
        Path file = Files.writeString(dir.resolve("file.sock"), "");
        assertEquals("vpnctl: cannot reach vpnd at " + file + ": it is not a socket (wrong --socket?)\n",
                CliRun.run("--socket", file.toString(), "status").err());
    }

    @Test
    void aSilentDaemonTimesOut() throws IOException {
        Path silent = dir.resolve("silent.sock");
        try (ServerSocketChannel mute = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            mute.bind(UnixDomainSocketAddress.of(silent)); // accepts (backlog) but never answers
            long start = System.nanoTime();
            CliRun run = CliRun.run("--socket", silent.toString(), "--timeout", "1", "reload");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(1, run.exit());
            assertTrue(run.err().startsWith("vpnctl: vpnd at " + silent + " did not answer within 1 s"), run.err());
            assertTrue(millis >= 900 && millis < 5000, "took " + millis + " ms");
        }
    }
}

package io.vpnd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The management API over its Unix socket, against a {@link FakeManagementService}. */
@Timeout(30)
class ManagementApiServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path socket;
    private FakeManagementService service;
    private ManagementApiServer server;

    @BeforeEach
    void start() throws IOException {
        // a missing parent exercises directory creation
        socket = dir.resolve("run/vpnd/vpnd.sock");
        service = new FakeManagementService();
        server = ManagementApiServer.start(ApiOptions.localOnly(socket), service);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private JsonNode json(UnixHttp.Response response) throws IOException {
        assertEquals("application/json", response.headers().get("content-type"));
        return JSON.readTree(response.body());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void statusFollowsTheCliContract() throws IOException {
        UnixHttp.Response response = UnixHttp.request(socket, "GET", "/v1/status");
        assertEquals(200, response.status());
        JsonNode body = json(response);
        assertEquals(Set.of("tunnels"), fieldNames(body));
        JsonNode first = body.get("tunnels").get(0);
        assertEquals(Set.of("name", "state", "since", "reason", "localAddress", "remoteAddress", "interfaceName",
                "bytesIn", "bytesOut", "packetsIn", "packetsOut", "drops", "childSas", "keying"), fieldNames(first));
        assertEquals("aws-1", first.get("name").asText());
        assertEquals("UP", first.get("state").asText());
        assertTrue(first.get("bytesIn").isIntegralNumber());
        assertEquals(1_300_000_000L, first.get("bytesIn").asLong());
        assertEquals(812_345L, first.get("packetsOut").asLong());
        assertEquals("CONNECTING", body.get("tunnels").get(1).get("state").asText());
    }

    @Test
    void sasAndRoutesAreListed() throws IOException {
        JsonNode sas = json(UnixHttp.request(socket, "GET", "/v1/sas"));
        assertEquals(2, sas.get("sas").size());
        JsonNode child = sas.get("sas").get(1);
        assertEquals("CHILD", child.get("kind").asText());
        assertEquals("c1a2b3c4", child.get("spiIn").asText());
        assertEquals(2400, child.get("rekeyInSeconds").asLong());
        assertEquals("0.0.0.0/0", child.get("remoteSelectors").get(0).asText());

        JsonNode routes = json(UnixHttp.request(socket, "GET", "/v1/routes"));
        JsonNode route = routes.get("routes").get(0);
        assertEquals("203.0.113.0/24", route.get("destination").asText());
        assertEquals("vpn0", route.get("interfaceName").asText());
        assertTrue(route.get("installed").asBoolean());
        assertEquals(List.of("aws-1", "aws-2"), List.of(route.get("candidates").get(0).asText(),
                route.get("candidates").get(1).asText()));
    }

    @Test
    void upDownAndReloadCallTheService() throws IOException {
        UnixHttp.Response up = UnixHttp.request(socket, "POST", "/v1/tunnels/aws-2/up");
        assertEquals(200, up.status());
        JsonNode body = json(up);
        assertEquals(Set.of("ok", "message"), fieldNames(body));
        assertTrue(body.get("ok").asBoolean());
        assertEquals("initiating aws-2", body.get("message").asText());

        assertEquals(200, UnixHttp.request(socket, "POST", "/v1/tunnels/aws-1/down").status());
        assertEquals(200, UnixHttp.request(socket, "POST", "/v1/reload").status());
        assertEquals(List.of("up aws-2", "down aws-1", "reload"), service.calls);
    }

    @Test
    void tunnelNamesArePercentDecodedPerSegment() throws IOException {
        UnixHttp.Response up = UnixHttp.request(socket, "POST", "/v1/tunnels/aws%202%2Fx/up");
        assertEquals(200, up.status());
        assertEquals(List.of("up aws 2/x"), service.calls);
    }

    @Test
    void managementExceptionsKeepTheirStatus() throws IOException {
        UnixHttp.Response unknown = UnixHttp.request(socket, "POST", "/v1/tunnels/nope/up");
        assertEquals(404, unknown.status());
        assertEquals(Set.of("error"), fieldNames(json(unknown)));
        assertEquals("no tunnel named 'nope'", json(unknown).get("error").asText());

        assertEquals(409, UnixHttp.request(socket, "POST", "/v1/tunnels/aws-1/up").status());

        service.reloadFailure = new ManagementException(422, "vpnd.yaml: tunnels.aws-1.proposals: unknown 'aes999'");
        UnixHttp.Response reload = UnixHttp.request(socket, "POST", "/v1/reload");
        assertEquals(422, reload.status());
        assertTrue(json(reload).get("error").asText().contains("aes999"));
    }

    @Test
    void aServiceBugIsA500WithJsonError() throws IOException {
        UnixHttp.Response response = UnixHttp.request(socket, "POST", "/v1/tunnels/boom/up");
        assertEquals(500, response.status());
        assertTrue(json(response).get("error").asText().contains("simulated bug"));
    }

    @Test
    void wrongMethodIs405WithAllow() throws IOException {
        UnixHttp.Response getUp = UnixHttp.request(socket, "GET", "/v1/tunnels/aws-1/up");
        assertEquals(405, getUp.status());
        assertEquals("POST", getUp.headers().get("allow"));
        UnixHttp.Response postStatus = UnixHttp.request(socket, "POST", "/v1/status");
        assertEquals(405, postStatus.status());
        assertEquals("GET", postStatus.headers().get("allow"));
        assertEquals(405, UnixHttp.request(socket, "DELETE", "/v1/reload").status());
        assertTrue(service.calls.isEmpty(), "no service call for a refused method: " + service.calls);
    }

    @Test
    void unknownPathsAre404() throws IOException {
        for (String path : List.of("/", "/v1", "/v2/status", "/v1/status/", "/v1//status", "/v1/tunnels//up",
                "/v1/tunnels/aws-1/restart", "/metrics")) {
            UnixHttp.Response response = UnixHttp.request(socket, "GET", path);
            assertEquals(404, response.status(), path);
            assertTrue(json(response).has("error"), path);
        }
    }

    @Test
    void queryStringsAreIgnored() throws IOException {
        assertEquals(200, UnixHttp.request(socket, "GET", "/v1/status?verbose=1").status());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws IOException {
        String raw = UnixHttp.exchange(socket,
                "GET /v1/routes HTTP/1.1\r\nHost: vpnd\r\n\r\n"
                        + "GET /v1/sas HTTP/1.1\r\nHost: vpnd\r\n\r\n"
                        + "GET /v1/status HTTP/1.1\r\nHost: vpnd\r\nConnection: close\r\n\r\n");
        int routes = raw.indexOf("{\"routes\"");
        int sas = raw.indexOf("{\"sas\"");
        int status = raw.indexOf("{\"tunnels\"");
        assertTrue(routes >= 0 && routes < sas && sas < status, raw);
    }

    @Test
    void statusIsServedWhileAReloadBlocks() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        service.reloadGate = gate;
        CompletableFuture<UnixHttp.Response> reload = CompletableFuture.supplyAsync(() -> {
            try {
                return UnixHttp.request(socket, "POST", "/v1/reload");
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        for (int i = 0; i < 100 && !service.calls.contains("reload"); i++) {
            Thread.sleep(20);
        }
        assertTrue(service.calls.contains("reload"), "reload reached the service");
        assertEquals(200, UnixHttp.request(socket, "GET", "/v1/status").status());
        assertFalse(reload.isDone());
        gate.countDown();
        assertEquals(200, reload.get(10, TimeUnit.SECONDS).status());
    }

    @Test
    void socketIsMode0660AndParentIs0755() throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(socket, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        assertTrue(attributes.isOther(), "a socket");
        assertEquals("rw-rw----", PosixFilePermissions.toString(attributes.permissions()));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        assertEquals("rwxr-xr-x",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent().getParent())));
    }

    @Test
    void closeRemovesTheSocketFile() {
        server.close();
        server = null;
        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aSecondServerOnALiveSocketIsRefusedAndTheFirstKeepsWorking() throws IOException {
        IOException refused = assertThrows(IOException.class,
                () -> ManagementApiServer.start(ApiOptions.localOnly(socket), new FakeManagementService()));
        assertTrue(refused.getMessage().contains("another process"), refused.getMessage());
        assertTrue(refused.getMessage().contains(socket.toString()), refused.getMessage());
        assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "the live socket is left alone");
        assertEquals(200, UnixHttp.request(socket, "GET", "/v1/status").status());
    }

    @Test
    void aStaleSocketIsReplaced() throws IOException {
        Path stale = dir.resolve("stale.sock");
        // a JDK server channel leaves its file behind on close, as a crashed daemon does
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(stale));
        }
        assertTrue(Files.exists(stale, LinkOption.NOFOLLOW_LINKS));
        try (ManagementApiServer second = ManagementApiServer.start(ApiOptions.localOnly(stale),
                new FakeManagementService())) {
            assertEquals(200, UnixHttp.request(second.socket(), "GET", "/v1/status").status());
        }
    }

    @Test
    void aRegularFileAtTheSocketPathIsNotReplaced() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");
        IOException refused = assertThrows(IOException.class,
                () -> ManagementApiServer.start(ApiOptions.localOnly(file), new FakeManagementService()));
        assertTrue(refused.getMessage().contains("is not a socket"), refused.getMessage());
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void theConfiguredGroupOwnsTheSocket() throws IOException {
        TestPrerequisites.require(TestPrerequisites.isRoot(), "root, to give a file to another group");
        Path grouped = dir.resolve("grouped.sock");
        try (ManagementApiServer second = ManagementApiServer.start(
                new ApiOptions(grouped, "daemon", null, null, null, null), new FakeManagementService())) {
            PosixFileAttributes attributes = Files.readAttributes(second.socket(), PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            assertEquals("daemon", attributes.group().getName());
            assertEquals("rw-rw----", PosixFilePermissions.toString(attributes.permissions()));
        }
    }

    @Test
    void anUnknownGroupFailsBeforeAnythingIsCreated() {
        Path never = dir.resolve("never/vpnd.sock");
        IOException refused = assertThrows(IOException.class, () -> ManagementApiServer.start(
                new ApiOptions(never, "no-such-group-vpnd", null, null, null, null), new FakeManagementService()));
        assertTrue(refused.getMessage().startsWith("api.group: no such group 'no-such-group-vpnd'"),
                refused.getMessage());
        assertFalse(Files.exists(never.getParent()));
    }
}

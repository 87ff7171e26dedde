package io.vpnd.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import io.vpnd.config.ConfigLoader;
import io.vpnd.config.IkeIdentity;
import io.vpnd.config.TunnelConfig;
import io.vpnd.config.VpndConfig;
import io.vpnd.ec2.InstanceMetadataClient;
import io.vpnd.ike.message.IkeConstants.IdType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The configs that ops start from are valid vpnd configs: the AMI's cloud-init user data (with
 * its EC2 keywords answered by a local IMDSv2 service) and the package's example
 * /etc/vpnd/vpnd.yaml, each once its PSK file exists.
 */
class UserDataTest {
    private static final String EIP = "203.0.113.50";
    private static final String PRIVATE_IP = "10.0.1.10";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    Path dir;
    private HttpServer imds;

    @BeforeEach
    void startMetadata() throws IOException {
        Set<String> tokens = ConcurrentHashMap.newKeySet();
        Map<String, String> items = Map.of("/latest/meta-data/public-ipv4", EIP,
                "/latest/meta-data/local-ipv4", PRIVATE_IP);
        imds = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        imds.createContext("/latest/", x -> {
            try (x) {
                String body;
                int status;
                if (x.getRequestMethod().equals("PUT") && x.getRequestURI().getPath().equals("/latest/api/token")
                        && x.getRequestHeaders().containsKey("X-aws-ec2-metadata-token-ttl-seconds")) {
                    body = "token-" + tokens.size();
                    tokens.add(body);
                    status = 200;
                } else if (!tokens.contains(x.getRequestHeaders().getFirst("X-aws-ec2-metadata-token"))) {
                    body = "";
                    status = 401;
                } else {
                    body = items.getOrDefault(x.getRequestURI().getPath(), "");
                    status = body.isEmpty() ? 404 : 200;
                }
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                x.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
                if (b.length > 0) x.getResponseBody().write(b);
            }
        });
        imds.start();
        System.setProperty(InstanceMetadataClient.ENDPOINT_PROPERTY,
                "http://127.0.0.1:" + imds.getAddress().getPort());
    }

    @AfterEach
    void stopMetadata() {
        System.clearProperty(InstanceMetadataClient.ENDPOINT_PROPERTY);
        imds.stop(0);
    }

    @Test
    void theUserDataWritesAValidEc2ConfigAndEnablesTheService() throws Exception {
        Path userData = Prerequisites.repo().resolve("packaging/ami/user-data.yaml");
        String text = Files.readString(userData);
        assertTrue(text.startsWith("#cloud-config\n"), "cloud-init reads user data as cloud-config only after this line");
        JsonNode doc = YAML.readTree(text);

        Map<String, JsonNode> files = new HashMap<>();
        for (JsonNode f : doc.path("write_files")) files.put(f.path("path").asText(), f);
        JsonNode config = files.get("/etc/vpnd/vpnd.yaml");
        JsonNode psk = files.get("/etc/vpnd/site-b.psk");
        assertNotNull(config, "writes /etc/vpnd/vpnd.yaml: " + files.keySet());
        assertNotNull(psk, "writes the PSK file: " + files.keySet());
        assertEquals("0640", config.path("permissions").asText());
        assertEquals("0640", psk.path("permissions").asText(), "the key is not world-readable");

        TunnelConfig t = loadWithPskFile(config.path("content").asText(), "site-b.psk").tunnels().get("site-b");
        assertEquals(new IkeIdentity(IdType.ID_IPV4_ADDR, EIP), t.local().id(), "the Elastic IP is the identity");
        assertEquals(InetAddress.getByName(PRIVATE_IP), t.local().address(), "packets leave from the private address");

        String script = doc.path("runcmd").toString();
        assertTrue(script.contains("--force-confold"), "keeps the written config over the package's example");
        assertTrue(script.contains("chgrp vpnd /etc/vpnd/vpnd.yaml /etc/vpnd/site-b.psk"), "user vpnd can read both");
        assertTrue(script.contains("vpnd check --config /etc/vpnd/vpnd.yaml"), script);
        assertTrue(script.contains("systemctl enable --now vpnd.service"), script);
    }

    @Test
    void thePackagesExampleConfigIsValidOnceItsPskFileExists() throws Exception {
        String example = Files.readString(Prerequisites.repo().resolve("packaging/src/deb/etc/vpnd.yaml"));
        VpndConfig c = loadWithPskFile(example, "site-b.psk");
        assertEquals(Set.of("site-b"), c.tunnels().keySet());
    }

    /** Loads {@code yaml} with /etc/vpnd/ moved to a temporary directory that holds a PSK file. */
    private VpndConfig loadWithPskFile(String yaml, String pskName) throws Exception {
        assertTrue(yaml.contains("/etc/vpnd/" + pskName), "the config names /etc/vpnd/" + pskName);
        Files.writeString(dir.resolve(pskName), "a-test-key-that-is-long-enough\n");
        Path file = dir.resolve("vpnd.yaml");
        Files.writeString(file, yaml.replace("/etc/vpnd/", dir + "/"));
        return ConfigLoader.load(file);
    }
}

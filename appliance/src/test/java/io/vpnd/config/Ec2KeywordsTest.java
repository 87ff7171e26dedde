package io.vpnd.config;

import io.vpnd.ec2.FakeInstanceMetadata;
import io.vpnd.ec2.InstanceMetadataClient;
import io.vpnd.ike.message.IkeConstants.IdType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import static io.vpnd.config.ConfigTestSupport.load;
import static io.vpnd.config.ConfigTestSupport.single;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code local.id: ec2-public-ip} and {@code local.address: ec2-local-ip} against a local IMDSv2
 * service ({@link FakeInstanceMetadata}), reached through {@link InstanceMetadataClient#ENDPOINT_PROPERTY}.
 */
class Ec2KeywordsTest {
    @TempDir
    Path dir;
    private FakeInstanceMetadata imds;

    private static final String TWO_TUNNELS = """
            tunnels:
              t1:
                local:
                  address: ec2-local-ip
                  id: ec2-public-ip
                remote:
                  address: 198.51.100.7
                auth:
                  psk: "a-long-enough-test-secret"
              t2:
                local: { address: ec2-local-ip, id: ec2-public-ip }
                remote: { address: 198.51.100.8 }
                auth: { psk: "a-long-enough-test-secret" }
            """;

    @BeforeEach
    void startMetadata() throws Exception {
        imds = FakeInstanceMetadata.start(Map.of(
                "meta-data/public-ipv4", "203.0.113.77",
                "meta-data/local-ipv4", "192.0.2.10"));
        System.setProperty(InstanceMetadataClient.ENDPOINT_PROPERTY, imds.endpoint().toString());
    }

    @AfterEach
    void stopMetadata() {
        System.clearProperty(InstanceMetadataClient.ENDPOINT_PROPERTY);
        imds.close();
    }

    @Test
    void theElasticIpBecomesAnIpv4IdentityAndThePrivateAddressTheSource() throws Exception {
        VpndConfig c = load(dir, TWO_TUNNELS);
        for (String name : new String[]{"t1", "t2"}) {
            LocalConfig local = c.tunnels().get(name).local();
            assertEquals(new IkeIdentity(IdType.ID_IPV4_ADDR, "203.0.113.77"), local.id(), name);
            assertEquals(InetAddress.getByName("192.0.2.10"), local.address(), name);
        }
        assertEquals(1, imds.tokenRequests(), "one metadata session per load, whatever the number of tunnels");
    }

    @Test
    void aConfigWithoutTheKeywordsNeverAsksMetadata() throws Exception {
        load(dir, ConfigTestSupport.tunnel(ConfigTestSupport.MINIMAL_TUNNEL));
        assertEquals(0, imds.tokenRequests());
    }

    @Test
    void anAtSignKeepsTheWordAnFqdn() throws Exception {
        VpndConfig c = load(dir, """
                tunnels:
                  t1:
                    local: { address: 192.0.2.1, id: "@ec2-public-ip" }
                    remote: { address: 192.0.2.2 }
                    auth: { psk: "a-long-enough-test-secret" }
                """);
        assertEquals(new IkeIdentity(IdType.ID_FQDN, "ec2-public-ip"), c.tunnels().get("t1").local().id());
        assertEquals(0, imds.tokenRequests());
    }

    @Test
    void notOnEc2IsAProblemAtTheKeyThatAsked() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        System.setProperty(InstanceMetadataClient.ENDPOINT_PROPERTY, "http://127.0.0.1:" + port);
        single(dir, """
                tunnels:
                  t1:
                    local:
                      address: 192.0.2.1
                      id: ec2-public-ip
                    remote:
                      address: 192.0.2.2
                    auth:
                      psk: "a-long-enough-test-secret"
                """, 5, 11, "tunnels.t1.local.id",
                "ec2-public-ip: not on EC2 (instance metadata at http://127.0.0.1:" + port + " unreachable: ");
    }

    @Test
    void anInstanceWithoutPublicAddressIsToldToAssociateAnElasticIp() throws Exception {
        imds.close();
        imds = FakeInstanceMetadata.start(Map.of("meta-data/local-ipv4", "192.0.2.10"));
        System.setProperty(InstanceMetadataClient.ENDPOINT_PROPERTY, imds.endpoint().toString());
        single(dir, """
                tunnels:
                  t1:
                    local: { address: ec2-local-ip, id: ec2-public-ip }
                    remote: { address: 198.51.100.7 }
                    auth: { psk: "a-long-enough-test-secret" }
                """, 3, 41, "tunnels.t1.local.id", "ec2-public-ip: this EC2 instance has no public IPv4 address");
    }
}

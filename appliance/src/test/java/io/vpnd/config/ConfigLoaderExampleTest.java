package io.vpnd.config;

import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.KeyExchangeGroup;
import io.vpnd.crypto.PrfAlgorithm;
import io.vpnd.crypto.ProposalParser;
import io.vpnd.ike.message.IkeConstants.IdType;
import io.vpnd.net.Cidr;
import io.vpnd.net.HostPort;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract file {@code contracts/vpnd.example.yaml} loads with the values it spells out. */
class ConfigLoaderExampleTest {

    private static Path example() throws URISyntaxException {
        return Path.of(ConfigLoaderExampleTest.class.getResource("/config/vpnd.example.yaml").toURI());
    }

    @Test
    void contractExampleLoads() throws Exception {
        VpndConfig c = ConfigLoader.load(example());

        assertEquals(Path.of("/run/vpnd/vpnd.sock"), c.api().socket());
        assertEquals(Optional.empty(), c.api().https());
        assertEquals(new HostPort(InetAddress.getByName("127.0.0.1"), 9469), c.metrics().prometheus().orElseThrow());
        assertEquals(InetAddress.getByName("0.0.0.0"), c.ike().address());
        assertEquals(500, c.ike().port());
        assertEquals(4500, c.ike().natPort());
        assertEquals(DataplaneConfig.DEFAULT, c.dataplane());
        assertEquals(List.of("aws-tunnel-1"), List.copyOf(c.tunnels().keySet()));

        TunnelConfig t = c.tunnel("aws-tunnel-1").orElseThrow();
        assertEquals(InetAddress.getByName("192.0.2.1"), t.local().address());
        assertEquals(new IkeIdentity(IdType.ID_FQDN, "left.vpn.test"), t.local().id());
        assertEquals(Optional.of(InetAddress.getByName("192.0.2.2")), t.remote().address());
        assertEquals(new IkeIdentity(IdType.ID_FQDN, "right.vpn.test"), t.remote().id().orElseThrow());
        assertEquals(500, t.remote().port());
        assertEquals(4500, t.remote().natPort());

        PskAuth psk = assertInstanceOf(PskAuth.class, t.auth().orElseThrow());
        assertArrayEquals("lab-shared-secret-0123456789".getBytes(StandardCharsets.UTF_8), psk.secret());

        assertEquals(List.of("aes256gcm16-prfsha256-ecp256", "aes256-sha256-modp2048"),
                t.ike().proposals().stream().map(ProposalParser::toStrongSwanString).toList());
        assertEquals(PrfAlgorithm.PRF_HMAC_SHA2_256, t.ike().proposals().get(1).prf().get(0));
        assertEquals(Duration.ofHours(8), t.ike().lifetime());
        assertEquals(Duration.ofMinutes(9), t.ike().rekeyMargin());
        assertFalse(t.ike().reauth());

        assertEquals(1, t.esp().proposals().size());
        assertEquals(EncryptionAlgorithm.ENCR_AES_GCM_16, t.esp().proposals().get(0).encryption().get(0).algorithm());
        assertEquals(256, t.esp().proposals().get(0).encryption().get(0).keyBits());
        assertEquals(List.of(KeyExchangeGroup.ECP_256), t.esp().proposals().get(0).groups());
        assertEquals(List.of(false), t.esp().proposals().get(0).esn());
        assertEquals(Duration.ofHours(1), t.esp().lifetime());
        assertEquals(Duration.ofMinutes(9), t.esp().rekeyMargin());
        assertEquals(1024, t.esp().replayWindow());

        assertEquals(new DpdConfig(Duration.ofSeconds(10), Duration.ofSeconds(30), DpdConfig.DpdAction.RESTART), t.dpd());
        assertEquals(List.of(Cidr.parse("198.51.100.0/24")), t.selectors().local());
        assertEquals(List.of(Cidr.parse("203.0.113.0/24")), t.selectors().remote());
        assertEquals("198.51.100.0/24", t.selectors().localSelectors().get(0).toString());
        assertEquals(new InterfaceConfig("vti-tun1", 1400, Optional.of(Cidr.parse("169.254.10.1/30"))), t.iface());
        assertEquals(List.of(Cidr.parse("203.0.113.0/24")), t.routes());
        assertEquals(StartAction.INITIATE, t.start());
        assertTrue(t.encap());
        assertFalse(t.isManual());
    }

    @Test
    void contractExampleToStringHidesThePsk() throws Exception {
        VpndConfig c = ConfigLoader.load(example());
        assertFalse(c.toString().contains("lab-shared-secret"), c.toString());
        assertTrue(c.toString().contains("redacted"));
    }
}

package io.vpnd.ike;

import io.vpnd.config.ConfigLoader;
import io.vpnd.config.TunnelConfig;
import io.vpnd.esp.ChildSaSpec;
import io.vpnd.esp.SaDirection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two IKE SA managers in one JVM on a fake clock and a fake network, with fake data planes that
 * record what IKE installs: left initiates, right responds.
 */
abstract class IkePairFixture {
    static final InetAddress LEFT = addr("192.0.2.1");
    static final InetAddress RIGHT = addr("192.0.2.2");
    static final int IKE = 500;
    static final int NATT = 4500;
    static final int INIT = 34;
    static final int AUTH = 35;
    static final int INFO = 37;

    FakeIkeScheduler clock;
    FakeIkeNetwork net;
    FakeSaInstaller leftSas;
    FakeSaInstaller rightSas;
    RecordingTunnelEvents leftEvents;
    RecordingTunnelEvents rightEvents;
    IkeSaManager left;
    IkeSaManager right;

    static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Extra keys of each side's ike and esp blocks, e.g. {@code ", lifetime: 60s, rekeyMargin: 20s"}. */
    String leftIkeExtra = "";
    /** Both sides' dpd block. */
    String dpd = "{ interval: 10s, timeout: 30s, action: restart }";
    String leftEspExtra = "";
    String rightIkeExtra = "";
    String rightEspExtra = "";

    String yaml(String localAddr, String remoteAddr, String localId, String remoteId, String psk, String ike,
                String ikeExtra, String esp, String espExtra, String localTs, String remoteTs, String start) {
        return """
                tunnels:
                  t:
                    local: { address: %s, id: %s }
                    remote: { address: %s, id: %s }
                    auth: { psk: "%s" }
                    ike: { proposals: [%s]%s }
                    esp: { proposals: [%s]%s }
                    dpd: %s
                    selectors: { local: [%s], remote: [%s] }
                    start: %s
                """.formatted(localAddr, localId, remoteAddr, remoteId, psk, ike, ikeExtra, esp, espExtra, dpd, localTs, remoteTs, start);
    }

    static TunnelConfig tunnel(String yaml) throws Exception {
        return ConfigLoader.parse(yaml, Path.of("/test/vpnd.yaml")).tunnels().get("t");
    }

    @BeforeEach
    void setUp() {
        clock = new FakeIkeScheduler();
        net = new FakeIkeNetwork(clock, IKE, NATT);
        leftSas = new FakeSaInstaller();
        rightSas = new FakeSaInstaller();
        leftEvents = new RecordingTunnelEvents();
        rightEvents = new RecordingTunnelEvents();
        left = new IkeSaManager(clock, net.endpoint(LEFT), leftSas, leftEvents, IKE, NATT, RetransmitPolicy.DEFAULT, Clock.systemUTC());
        right = new IkeSaManager(clock, net.endpoint(RIGHT), rightSas, rightEvents, IKE, NATT, RetransmitPolicy.DEFAULT, Clock.systemUTC());
        net.attach(LEFT, left);
        net.attach(RIGHT, right);
    }

    void configure(String psk, String ike, String esp, String remoteIke, String remoteEsp, String leftTs, String rightTs)
            throws Exception {
        left.register(tunnel(yaml("192.0.2.1", "192.0.2.2", "left.vpn.test", "right.vpn.test", "secret-0123456789",
                ike, leftIkeExtra, esp, leftEspExtra, "198.51.100.0/24", leftTs, "initiate")));
        right.register(tunnel(yaml("192.0.2.2", "192.0.2.1", "right.vpn.test", "left.vpn.test", psk,
                remoteIke, rightIkeExtra, remoteEsp, rightEspExtra, rightTs, "198.51.100.0/24", "respond")));
        clock.runPending();
    }

    void configureDefault() throws Exception {
        configure("secret-0123456789", "aes256gcm16-prfsha256-ecp256", "aes256gcm16", "aes256gcm16-prfsha256-ecp256",
                "aes256gcm16", "203.0.113.0/24", "203.0.113.0/24");
    }

    IkeSa only(IkeSaManager m) {
        List<IkeSa> all = m.allIkeSas();
        assertEquals(1, all.size(), "exactly one IKE SA: " + all);
        return all.get(0);
    }

    /** Each side's outbound SA is the other's inbound: same SPI, same keys. */
    void assertKeysMatch() {
        ChildSaSpec lOut = leftSas.installed(SaDirection.OUTBOUND).get(0);
        ChildSaSpec lIn = leftSas.installed(SaDirection.INBOUND).get(0);
        ChildSaSpec rOut = rightSas.installed(SaDirection.OUTBOUND).get(0);
        ChildSaSpec rIn = rightSas.installed(SaDirection.INBOUND).get(0);
        assertEquals(lOut.spi(), rIn.spi());
        assertEquals(rOut.spi(), lIn.spi());
        assertArrayEquals(lOut.encryptionKey(), rIn.encryptionKey());
        assertArrayEquals(rOut.encryptionKey(), lIn.encryptionKey());
        assertFalse(java.util.Arrays.equals(lOut.encryptionKey(), lIn.encryptionKey()), "each direction has its own key");
    }
}

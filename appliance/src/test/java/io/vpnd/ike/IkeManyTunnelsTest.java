package io.vpnd.ike;

import io.vpnd.config.ConfigLoader;
import io.vpnd.config.TunnelConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Many tunnels between the same two gateways (one IKE SA each, told apart by identities), all
 * started at once: the responder admits only {@link IkeSaManager#HALF_OPEN_PER_PEER} half-open SAs
 * per address, so an initiator that fired them all would see most dropped and crawl through
 * retransmit back-off. vpnd paces its own initiations per peer instead.
 */
class IkeManyTunnelsTest extends IkePairFixture {
    private static final int TUNNELS = 40;

    private static Map<String, TunnelConfig> tunnels(String local, String remote, String role, int n) throws Exception {
        StringBuilder y = new StringBuilder("tunnels:\n");
        for (int i = 0; i < n; i++) {
            boolean left = role.equals("initiate");
            String me = (left ? "left" : "right") + i + ".vpn.test";
            String peer = (left ? "right" : "left") + i + ".vpn.test";
            String mine = "169.254." + i + "." + (left ? "0" : "128") + "/25";
            String theirs = "169.254." + i + "." + (left ? "128" : "0") + "/25";
            y.append("""
                      t%d:
                        local: { address: %s, id: %s }
                        remote: { address: %s, id: %s }
                        auth: { psk: "secret-0123456789-%d" }
                        ike: { proposals: [aes256gcm16-prfsha256-ecp256] }
                        esp: { proposals: [aes256gcm16] }
                        selectors: { local: [%s], remote: [%s] }
                        start: %s
                    """.formatted(i, local, me, remote, peer, i, mine, theirs, role));
        }
        return ConfigLoader.parse(y.toString(), Path.of("/test/vpnd.yaml")).tunnels();
    }

    @Test
    void fortyTunnelsToOnePeerComeUpQuicklyDespiteItsHalfOpenLimit() throws Exception {
        tunnels("192.0.2.2", "192.0.2.1", "respond", TUNNELS).values().forEach(right::register);
        Map<String, TunnelConfig> mine = tunnels("192.0.2.1", "192.0.2.2", "initiate", TUNNELS);
        mine.values().forEach(left::register);
        mine.keySet().forEach(left::initiate);
        clock.runPending();

        Duration elapsed = Duration.ZERO;
        Duration step = Duration.ofMillis(50);
        while (up() < TUNNELS && elapsed.compareTo(Duration.ofSeconds(120)) < 0) {
            net.deliverAll();
            clock.advance(step);
            elapsed = elapsed.plus(step);
        }
        assertEquals(TUNNELS, up(), "tunnels up after " + elapsed);
        assertTrue(elapsed.compareTo(Duration.ofSeconds(2)) <= 0,
                "all " + TUNNELS + " tunnels should be up within 2 s, took " + elapsed);
        assertEquals(0, right.droppedMessages(), "the responder never had to drop an IKE_SA_INIT");
        for (int i = 0; i < TUNNELS; i++) {
            assertEquals(1, left.childSaCount("t" + i), "t" + i + " has exactly one Child SA");
            assertEquals(1, right.childSaCount("t" + i), "t" + i + " has exactly one Child SA at the responder");
        }
    }

    private int up() {
        int n = 0;
        for (int i = 0; i < TUNNELS; i++) if (left.childSaCount("t" + i) > 0) n++;
        return n;
    }
}

package io.vpnd.ike;

import io.vpnd.esp.ChildSaSpec;
import io.vpnd.esp.SaDirection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Child SA rekeying (RFC 7296 §2.8) with two IKE SA managers on a fake clock: by lifetime, with
 * and without PFS, many times over, and when both ends rekey the same SA at once (§2.8.1). Each
 * case must end with exactly one working SA pair on each side and nothing leaked.
 */
class IkeChildRekeyTest extends IkePairFixture {

    void up() throws Exception {
        left.initiate("t");
        clock.runPending();
        net.deliverAll();
        assertEquals(IkeSaState.ESTABLISHED, only(left).state());
    }

    /** Exactly one pair each side, matching keys, and the pair differs from {@code before}. */
    void assertOnePairReplacing(Set<Integer> before) {
        assertEquals(2, leftSas.installed().size(), "left: one pair " + leftSas.installed());
        assertEquals(2, rightSas.installed().size(), "right: one pair " + rightSas.installed());
        assertKeysMatch();
        for (ChildSaSpec s : leftSas.installed()) assertFalse(before.contains(s.spi()), "a new SPI, not an old one");
        assertEquals(1, only(left).children().size());
        assertEquals(1, only(right).children().size());
    }

    Set<Integer> spis() {
        Set<Integer> s = new HashSet<>();
        leftSas.installed().forEach(x -> s.add(x.spi()));
        return s;
    }

    @Test
    void rekeyByLifetimeMakesBeforeItBreaks() throws Exception {
        leftEspExtra = ", lifetime: 60s, rekeyMargin: 20s";
        rightEspExtra = ", lifetime: 120s, rekeyMargin: 20s";
        dpd = "{ interval: 300s, timeout: 600s, action: restart }";    // keep liveness checks out of the way
        configureDefault();
        up();
        Set<Integer> before = spis();
        for (int s = 0; s < 37; s++) {                                 // liveness checks come and go
            clock.advance(Duration.ofSeconds(1));
            net.deliverAll();
        }
        clock.advance(Duration.ofSeconds(4));                         // left's rekey time is 38..40 s
        assertEquals(1, net.pending(), "left sent CREATE_CHILD_SA");
        assertEquals(36, net.peek().exchangeType());
        net.deliverNext();                                             // right answers
        assertEquals(3, rightSas.installed().size(), "right: old pair + new inbound, new outbound held back");
        assertEquals(1, rightSas.installed(SaDirection.OUTBOUND).size());
        net.deliverNext();                                             // left installs the new pair, deletes the old
        assertEquals(4, leftSas.installed().size(), "left: old and new pair while the delete is under way");
        assertEquals(37, net.peek().exchangeType());
        net.deliverNext();                                             // right removes the old, sends on the new
        assertEquals(2, rightSas.installed().size());
        net.deliverNext();
        assertOnePairReplacing(before);
        assertTrue(leftEvents.events().contains("t UP REKEYED"));
        assertFalse(leftEvents.events().stream().anyMatch(e -> e.contains("DOWN")), "no outage: " + leftEvents.events());
        assertFalse(rightEvents.events().stream().anyMatch(e -> e.contains("DOWN")), "no outage: " + rightEvents.events());
    }

    @Test
    void rekeyWithPfsRunsAFreshKeyExchange() throws Exception {
        configure("secret-0123456789", "aes256gcm16-prfsha256-ecp256", "aes256gcm16-ecp256",
                "aes256gcm16-prfsha256-ecp256", "aes256gcm16-ecp256", "203.0.113.0/24", "203.0.113.0/24");
        up();
        Set<Integer> before = spis();
        left.rekeyChildrenNow("t");
        clock.runPending();
        net.deliverAll();
        assertOnePairReplacing(before);
    }

    @Test
    void manyRekeysFromBothEndsLeaveOnePair() throws Exception {
        leftEspExtra = ", lifetime: 60s, rekeyMargin: 20s";
        rightEspExtra = ", lifetime: 70s, rekeyMargin: 20s";
        configureDefault();
        up();
        for (int round = 0; round < 8; round++) {
            Set<Integer> before = spis();
            for (int s = 0; s < 60; s++) {
                clock.advance(Duration.ofSeconds(1));
                net.deliverAll();
            }
            assertOnePairReplacing(before);
        }
        assertFalse(leftEvents.events().stream().anyMatch(e -> e.contains("DOWN")), leftEvents.events().toString());
    }

    @Test
    void simultaneousRekeyOfTheSameSaEndsWithOnePair() throws Exception {
        configureDefault();
        up();
        Set<Integer> before = spis();
        left.rekeyChildrenNow("t");
        right.rekeyChildrenNow("t");
        clock.runPending();
        assertEquals(2, net.pending(), "both requests cross on the wire");
        net.deliverAll();
        clock.advance(Duration.ofSeconds(5));
        net.deliverAll();
        assertOnePairReplacing(before);
    }

    @Test
    void simultaneousRekeyWithTheRequestsArrivingLateAlsoConverges() throws Exception {
        configureDefault();
        up();
        Set<Integer> before = spis();
        left.rekeyChildrenNow("t");
        clock.runPending();
        net.deliverNext();                                             // left's request reaches right
        right.rekeyChildrenNow("t");                                   // right rekeys the (already replaced) SA
        clock.runPending();
        for (int s = 0; s < 10; s++) {
            net.deliverAll();
            clock.advance(Duration.ofSeconds(1));
        }
        assertOnePairReplacing(before);
    }

    @Test
    void aRekeyLostOnTheWireIsRetransmittedNotDuplicated() throws Exception {
        configureDefault();
        up();
        Set<Integer> before = spis();
        left.rekeyChildrenNow("t");
        clock.runPending();
        net.deliverNext();                                             // request reaches right
        net.dropNext();                                                // its response is lost
        clock.advance(Duration.ofSeconds(4));                          // left retransmits
        net.deliverAll();                                              // right answers from its cache
        clock.advance(Duration.ofSeconds(3));
        net.deliverAll();
        assertOnePairReplacing(before);
    }
}

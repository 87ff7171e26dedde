package io.vpnd.ike;

import io.vpnd.esp.ChildSaSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * IKE SA rekeying (RFC 7296 §1.3.2, §2.18) on a fake clock: the new IKE SA takes the Child SAs
 * over, the old one is deleted, later Child SA rekeys use the new SK_d, and collisions (IKE/IKE,
 * child during IKE rekey, delete during rekey) end with exactly one working SA pair and no leaks.
 */
class IkeSaRekeyTest extends IkePairFixture {

    void up() throws Exception {
        left.initiate("t");
        clock.runPending();
        net.deliverAll();
        assertEquals(IkeSaState.ESTABLISHED, only(left).state());
    }

    Set<Integer> childSpis(FakeSaInstaller i) {
        return i.installed().stream().map(ChildSaSpec::spi).collect(Collectors.toSet());
    }

    /** One IKE SA each side, established, its SPIs the same on both; one Child SA pair each. */
    void assertOneIkeSaOneChildPair() {
        IkeSa l = only(left);
        IkeSa r = only(right);
        assertEquals(IkeSaState.ESTABLISHED, l.state());
        assertEquals(IkeSaState.ESTABLISHED, r.state());
        assertEquals(l.initiatorSpi(), r.initiatorSpi());
        assertEquals(l.responderSpi(), r.responderSpi());
        assertEquals(1, l.children().size());
        assertEquals(1, r.children().size());
        assertEquals(2, leftSas.installed().size());
        assertEquals(2, rightSas.installed().size());
        assertKeysMatch();
    }

    @Test
    void rekeyedIkeSaTakesTheChildSasOver() throws Exception {
        configureDefault();
        up();
        long oldSpi = only(left).initiatorSpi();
        Set<Integer> children = childSpis(leftSas);
        left.rekeyIkeNow("t");
        clock.runPending();
        assertEquals(36, net.peek().exchangeType());
        net.deliverAll();
        assertOneIkeSaOneChildPair();
        assertNotEquals(oldSpi, only(left).initiatorSpi(), "new SPIs");
        assertEquals(children, childSpis(leftSas), "the Child SAs are untouched by an IKE rekey");
        assertFalse(leftEvents.events().stream().anyMatch(e -> e.contains("DOWN")), leftEvents.events().toString());

        left.rekeyChildrenNow("t");                                    // a Child SA rekey under the new SK_d
        clock.runPending();
        net.deliverAll();
        assertOneIkeSaOneChildPair();
        assertNotEquals(children, childSpis(leftSas));
    }

    @Test
    void theResponderCanRekeyTheIkeSaToo() throws Exception {
        configureDefault();
        up();
        right.rekeyIkeNow("t");
        clock.runPending();
        net.deliverAll();
        assertOneIkeSaOneChildPair();
        IkeSa r = only(right);
        assertTrue(r.isInitiator(), "the rekey's initiator is the new SA's initiator");
        assertFalse(only(left).isInitiator());
    }

    @Test
    void rekeyByLifetimeRepeatsAndKeepsTheTunnelUp() throws Exception {
        leftIkeExtra = ", lifetime: 120s, rekeyMargin: 30s";
        rightIkeExtra = ", lifetime: 200s, rekeyMargin: 30s";
        leftEspExtra = ", lifetime: 50s, rekeyMargin: 15s";
        rightEspExtra = ", lifetime: 60s, rekeyMargin: 15s";
        configureDefault();
        up();
        for (int s = 0; s < 400; s++) {
            clock.advance(Duration.ofSeconds(1));
            net.deliverAll();
        }
        assertOneIkeSaOneChildPair();
        assertFalse(leftEvents.events().stream().anyMatch(e -> e.contains("DOWN")), leftEvents.events().toString());
        assertFalse(rightEvents.events().stream().anyMatch(e -> e.contains("DOWN")), rightEvents.events().toString());
    }

    @Test
    void simultaneousIkeRekeysEndWithOneIkeSa() throws Exception {
        configureDefault();
        up();
        Set<Integer> children = childSpis(leftSas);
        left.rekeyIkeNow("t");
        right.rekeyIkeNow("t");
        clock.runPending();
        assertEquals(2, net.pending());
        for (int s = 0; s < 15; s++) {
            net.deliverAll();
            clock.advance(Duration.ofSeconds(1));
        }
        assertOneIkeSaOneChildPair();
        assertEquals(children, childSpis(leftSas));
        assertEquals(children, childSpis(leftSas));
    }

    @Test
    void childRekeyDuringIkeRekeyIsRetriedAndConverges() throws Exception {
        configureDefault();
        up();
        Set<Integer> children = childSpis(leftSas);
        left.rekeyIkeNow("t");
        right.rekeyChildrenNow("t");
        clock.runPending();
        for (int s = 0; s < 20; s++) {
            net.deliverAll();
            clock.advance(Duration.ofSeconds(1));
        }
        assertOneIkeSaOneChildPair();
        assertNotEquals(children, childSpis(leftSas), "the Child SA rekey went through in the end");
    }

    @Test
    void peerDeletingDuringRekeysLeavesNoStaleSas() throws Exception {
        configureDefault();
        up();
        Set<Integer> old = childSpis(leftSas);
        old.addAll(childSpis(rightSas));
        left.rekeyChildrenNow("t");
        left.rekeyIkeNow("t");
        right.terminate("t", "ADMIN_DOWN");                             // right deletes everything meanwhile
        clock.runPending();
        for (int s = 0; s < 20; s++) {
            net.deliverAll();
            clock.advance(Duration.ofSeconds(1));
        }
        assertTrue(leftEvents.events().contains("t DOWN PEER_DELETE"), leftEvents.events().toString());
        // an initiating tunnel comes back by itself; whatever the interleaving, nothing old survives
        assertOneIkeSaOneChildPair();
        for (ChildSaSpec s : leftSas.installed()) assertFalse(old.contains(s.spi()), "stale SA left behind: " + s);
        for (ChildSaSpec s : rightSas.installed()) assertFalse(old.contains(s.spi()), "stale SA left behind: " + s);
    }

    @Test
    void ikeRekeyFromThePeerWhileOurChildRekeyIsInFlightIsPostponed() throws Exception {
        configureDefault();
        up();
        Set<Integer> children = childSpis(leftSas);
        left.rekeyChildrenNow("t");                                    // left's child rekey goes out first
        right.rekeyIkeNow("t");                                        // right's IKE rekey crosses it
        clock.runPending();
        for (int s = 0; s < 20; s++) {
            net.deliverAll();
            clock.advance(Duration.ofSeconds(1));
        }
        assertOneIkeSaOneChildPair();
        assertNotEquals(children, childSpis(leftSas), "the child rekey went through");
        assertNotEquals(children, childSpis(rightSas));
        assertFalse(leftEvents.events().stream().anyMatch(e -> e.contains("DOWN")), leftEvents.events().toString());
    }
}

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
 * Bringing a tunnel up, stepped through message by message with the state of both ends asserted
 * after each, and with messages lost, duplicated and refused.
 */
class IkeSaPairTest extends IkePairFixture {
    @Test
    void pskTunnelComesUpMessageByMessage() throws Exception {
        configureDefault();
        left.initiate("t");
        clock.runPending();
        IkeSa l = only(left);
        assertEquals(IkeSaState.CONNECTING, l.state());
        assertEquals(1, net.pending());
        assertEquals(INIT, net.peek().exchangeType());
        assertFalse(net.peek().natT(), "IKE_SA_INIT goes to port 500");

        net.deliverNext();                                             // IKE_SA_INIT request -> R
        IkeSa r = only(right);
        assertEquals(IkeSaState.CONNECTING, r.state());
        assertTrue(r.hasKeys(), "responder derived keys");
        assertEquals(INIT, net.peek().exchangeType());
        assertTrue(net.peek().isResponse());

        net.deliverNext();                                             // IKE_SA_INIT response -> L
        assertTrue(l.hasKeys());
        assertTrue(l.natT(), "vpnd forces UDP encapsulation: IKE moves to 4500");
        assertTrue(l.natRemote(), "the peer's made-up NAT-D source hash says NAT");
        assertEquals(NATT, l.remote().getPort());
        assertEquals(AUTH, net.peek().exchangeType());
        assertTrue(net.peek().natT());

        net.deliverNext();                                             // IKE_AUTH request -> R
        assertEquals(IkeSaState.ESTABLISHED, r.state());
        assertEquals(1, r.children().size());
        assertEquals(2, rightSas.installed().size());
        assertEquals("t UP ESTABLISHED", rightEvents.last());
        assertEquals(IkeSaState.CONNECTING, l.state(), "the initiator waits for the response");

        net.deliverNext();                                             // IKE_AUTH response -> L
        assertEquals(IkeSaState.ESTABLISHED, l.state());
        assertEquals("t UP ESTABLISHED", leftEvents.last());
        assertEquals(0, net.pending());
        assertKeysMatch();
        assertEquals("203.0.113.0/24", leftSas.installed(SaDirection.OUTBOUND).get(0).remoteSelectors().get(0).toString());
        assertEquals(NATT, leftSas.installed(SaDirection.OUTBOUND).get(0).remote().getPort());
    }

    @Test
    void cbcModp2048AndX25519ProposalsNegotiate() throws Exception {
        configure("secret-0123456789", "aes256-sha256-modp2048", "aes256-sha256", "aes256-sha256-modp2048",
                "aes256-sha256", "203.0.113.0/24", "203.0.113.0/24");
        left.initiate("t");
        clock.runPending();
        net.deliverAll();
        assertEquals(IkeSaState.ESTABLISHED, only(left).state());
        assertKeysMatch();
        assertEquals(32, leftSas.installed(SaDirection.OUTBOUND).get(0).integrityKey().length);
    }

    @Test
    void lostMessagesAreRetransmittedAndDuplicatesAnsweredFromCache() throws Exception {
        configureDefault();
        left.initiate("t");
        clock.runPending();
        net.dropNext();                                                // IKE_SA_INIT request lost
        assertEquals(0, net.pending());
        clock.advance(Duration.ofSeconds(4));                          // first retransmit after 4 s
        assertEquals(1, net.pending(), "retransmitted");
        net.deliverNext();
        net.dropNext();                                                // its response lost
        clock.advance(Duration.ofMillis(7200));                        // second retransmit (4 s * 1.8)
        assertEquals(1, net.pending());
        net.deliverNext();                                             // R: a retransmit of a known request
        assertEquals(1, right.allIkeSas().size(), "no second half-open SA for a retransmitted IKE_SA_INIT");
        net.deliverNext();                                             // the (re)sent response
        net.duplicateNext();                                           // IKE_AUTH request delivered twice
        assertEquals(2, net.pending(), "the duplicate is answered from the response cache");
        assertEquals(2, rightSas.installed().size(), "but the Child SA installed once");
        net.deliverNext();
        net.deliverNext();                                             // a stale duplicate response: ignored
        assertEquals(IkeSaState.ESTABLISHED, only(left).state());
        assertEquals(2, leftSas.installed().size());
        assertKeysMatch();
    }

    @Test
    void unreachablePeerIsGivenUpAfterRetransmitsAndRetried() throws Exception {
        configureDefault();
        left.initiate("t");
        clock.runPending();
        for (int i = 0; i < 6; i++) {
            assertEquals(1, net.pending(), "transmission " + (i + 1));
            net.dropNext();
            clock.advance(RetransmitPolicy.DEFAULT.delay(i));
        }
        assertEquals("t DOWN PEER_UNREACHABLE", leftEvents.last());
        assertTrue(left.allIkeSas().isEmpty());
        clock.advance(Duration.ofSeconds(3));
        assertEquals(1, net.pending(), "an initiating tunnel tries again");
        net.deliverAll();
        assertEquals(IkeSaState.ESTABLISHED, only(left).state());
    }

    @Test
    void wrongPskFailsBothSidesWithAuthenticationFailed() throws Exception {
        configure("another-secret-000", "aes256gcm16-prfsha256-ecp256", "aes256gcm16", "aes256gcm16-prfsha256-ecp256",
                "aes256gcm16", "203.0.113.0/24", "203.0.113.0/24");
        left.initiate("t");
        clock.runPending();
        net.deliverNext();
        net.deliverNext();
        net.deliverNext();                                             // R cannot verify AUTH
        assertTrue(right.allIkeSas().isEmpty(), "the responder drops the SA");
        assertTrue(rightSas.installed().isEmpty());
        net.deliverNext();                                             // N(AUTHENTICATION_FAILED) -> L
        assertEquals("t DOWN AUTH_FAILED", leftEvents.last());
        assertTrue(left.allIkeSas().isEmpty());
        assertTrue(leftSas.installed().isEmpty());
    }

    @Test
    void noCommonIkeProposalIsRefused() throws Exception {
        configure("secret-0123456789", "aes128-sha1-modp2048", "aes256gcm16", "aes256gcm16-prfsha256-ecp256",
                "aes256gcm16", "203.0.113.0/24", "203.0.113.0/24");
        left.initiate("t");
        clock.runPending();
        net.deliverAll();
        assertEquals("t DOWN NO_PROPOSAL_CHOSEN", leftEvents.last());
        assertTrue(right.allIkeSas().isEmpty());
    }

    @Test
    void invalidKePayloadMakesTheInitiatorRetryWithTheWantedGroup() throws Exception {
        configure("secret-0123456789", "aes256gcm16-prfsha256-ecp256-modp2048", "aes256gcm16",
                "aes256gcm16-prfsha256-modp2048", "aes256gcm16", "203.0.113.0/24", "203.0.113.0/24");
        left.initiate("t");
        clock.runPending();
        net.deliverNext();                                             // KE ecp256, R wants modp2048
        assertTrue(right.allIkeSas().isEmpty(), "no state kept for INVALID_KE_PAYLOAD");
        net.deliverNext();                                             // N(INVALID_KE_PAYLOAD) -> L, retry
        assertEquals(INIT, net.peek().exchangeType());
        net.deliverAll();
        assertEquals(IkeSaState.ESTABLISHED, only(left).state());
        assertEquals(io.vpnd.crypto.KeyExchangeGroup.MODP_2048, only(left).proposal().groups().get(0));
    }

    @Test
    void disjointSelectorsAreRefusedWithTsUnacceptable() throws Exception {
        configure("secret-0123456789", "aes256gcm16-prfsha256-ecp256", "aes256gcm16", "aes256gcm16-prfsha256-ecp256",
                "aes256gcm16", "203.0.113.0/25", "203.0.113.128/25");
        left.initiate("t");
        clock.runPending();
        net.deliverAll();
        assertTrue(rightEvents.events().contains("t DOWN TS_UNACCEPTABLE"), rightEvents.events().toString());
        assertTrue(leftEvents.events().contains("t DOWN TS_UNACCEPTABLE"), leftEvents.events().toString());
        assertTrue(leftSas.installed().isEmpty());
        assertTrue(rightSas.installed().isEmpty());
        assertTrue(right.allIkeSas().isEmpty(), "the initiator deleted the IKE SA it gave up, so the peer holds none");
    }

    @Test
    void narrowedSelectorsAreInstalled() throws Exception {
        configure("secret-0123456789", "aes256gcm16-prfsha256-ecp256", "aes256gcm16", "aes256gcm16-prfsha256-ecp256",
                "aes256gcm16", "203.0.113.0/24", "203.0.113.0/26");
        left.initiate("t");
        clock.runPending();
        net.deliverAll();
        assertEquals("203.0.113.0/26", leftSas.installed(SaDirection.OUTBOUND).get(0).remoteSelectors().get(0).toString());
        assertEquals("203.0.113.0/26", rightSas.installed(SaDirection.OUTBOUND).get(0).localSelectors().get(0).toString());
    }

    @Test
    void terminateSendsDeleteAndThePeerRemovesItsSas() throws Exception {
        configureDefault();
        left.initiate("t");
        clock.runPending();
        net.deliverAll();
        left.terminate("t", "ADMIN_DOWN");
        clock.runPending();
        assertTrue(leftSas.installed().isEmpty());
        assertEquals("t DOWN ADMIN_DOWN", leftEvents.last());
        assertEquals(INFO, net.peek().exchangeType());
        net.deliverAll();
        assertTrue(right.allIkeSas().isEmpty());
        assertTrue(rightSas.installed().isEmpty());
        assertEquals("t DOWN PEER_DELETE", rightEvents.last());
        clock.advance(Duration.ofMinutes(5));
        assertEquals(0, net.pending(), "an admin-downed tunnel stays down");
    }

    @Test
    void deadPeerIsDetectedWithinTheDpdTimeoutAndTheTunnelRestarted() throws Exception {
        configureDefault();
        left.initiate("t");
        clock.runPending();
        net.deliverAll();
        clock.advance(Duration.ofSeconds(10));                        // idle: both ends check liveness
        assertEquals(2, net.pending());
        assertEquals(INFO, net.peek().exchangeType());
        net.deliverAll();                                              // answered
        assertEquals(IkeSaState.ESTABLISHED, only(left).state());
        // now the peer dies: nothing gets through any more
        for (int s = 0; s < 45 && !leftEvents.events().contains("t DPD_TIMEOUT"); s++) {
            net.clear();
            clock.advance(Duration.ofSeconds(1));
        }
        assertTrue(leftEvents.events().contains("t DOWN DPD_TIMEOUT"), leftEvents.events().toString());
        assertTrue(leftSas.installed().isEmpty(), "routes go with the SAs");
        clock.advance(Duration.ofSeconds(2));
        assertTrue(net.pending() > 0, "DPD action restart re-initiates");
    }

    @Test
    void garbageAndForeignSpisAreDroppedWithoutState() throws Exception {
        configureDefault();
        byte[] junk = new byte[40];
        junk[17] = 0x20;
        right.receive(new java.net.InetSocketAddress(RIGHT, IKE), new java.net.InetSocketAddress(LEFT, IKE), junk, false);
        right.receive(new java.net.InetSocketAddress(RIGHT, IKE), new java.net.InetSocketAddress(LEFT, IKE), new byte[3], false);
        clock.runPending();
        assertEquals(2, right.droppedMessages());
        assertTrue(right.allIkeSas().isEmpty());
        assertEquals(0, net.pending(), "no answer to garbage");
    }
}

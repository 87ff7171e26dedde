package io.vpnd.ike;

import io.vpnd.crypto.KeyExchangeGroup;
import io.vpnd.crypto.ProposalParser;
import io.vpnd.ike.crypto.KeyExchanges;
import io.vpnd.ike.crypto.NatDetection;
import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeConstants.NotifyType;
import io.vpnd.ike.message.IkeConstants.ProtocolId;
import io.vpnd.ike.message.IkeHeader;
import io.vpnd.ike.message.IkeMessage;
import io.vpnd.ike.message.KePayload;
import io.vpnd.ike.message.NoncePayload;
import io.vpnd.ike.message.NotifyPayload;
import io.vpnd.ike.message.ProposalSubstructure;
import io.vpnd.ike.message.SaPayload;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A responder under an IKE_SA_INIT flood (RFC 7296 §2.6): past the threshold of half-open SAs it
 * answers with a COOKIE and keeps no state, one address cannot hold more than a few half-open
 * SAs, and a legitimate initiator still gets through by returning the cookie.
 */
class IkeFloodTest extends IkePairFixture {

    /** A well-formed IKE_SA_INIT request from a spoofed initiator, answered by nobody. */
    static byte[] spoofedInit(long spi, InetSocketAddress to) {
        var ke = KeyExchanges.generate(KeyExchangeGroup.ECP_256);
        byte[] nonce = new byte[32];
        new Random(spi).nextBytes(nonce);
        var proposal = ProposalParser.parseIke("aes256gcm16-prfsha256-ecp256");
        IkeHeader h = IkeHeader.of(spi, 0, ExchangeType.IKE_SA_INIT, true, false, 0);
        return IkeMessage.unprotected(h, List.of(
                new SaPayload(List.of(ProposalSubstructure.of(1, ProtocolId.IKE, new byte[0], proposal))),
                new KePayload(KeyExchangeGroup.ECP_256, ke.publicValue()),
                new NoncePayload(nonce),
                NotifyPayload.of(NotifyType.NAT_DETECTION_SOURCE_IP, new byte[20]),
                NotifyPayload.of(NotifyType.NAT_DETECTION_DESTINATION_IP, NatDetection.hash(spi, 0, to))
        )).encode(null);
    }

    @Test
    void floodIsAnsweredWithCookiesAndTheRealPeerStillGetsIn() throws Exception {
        configureDefault();
        // right also accepts anyone (remote.address: any), so spoofed initiators find a tunnel
        right.register(io.vpnd.config.ConfigLoader.parse(yaml("192.0.2.2", "any", "right.vpn.test", "left.vpn.test", "secret-0123456789",
                "aes256gcm16-prfsha256-ecp256", "", "aes256gcm16", "", "203.0.113.0/24", "198.51.100.0/24", "respond")
                .replace("tunnels:\n  t:", "tunnels:\n  anyone:").replace("id: left.vpn.test", "id: anyone.vpn.test"),
                java.nio.file.Path.of("/test/any.yaml")).tunnels().get("anyone"));
        clock.runPending();
        InetSocketAddress to = new InetSocketAddress(RIGHT, IKE);
        int sources = 6;
        for (int i = 0; i < 60; i++) {
            InetAddress src = InetAddress.getByName("192.0.2." + (100 + i % sources));
            right.receive(to, new InetSocketAddress(src, 500), spoofedInit(0x1000L + i, to), false);
        }
        clock.runPending();
        int halfOpen = right.allIkeSas().size();
        assertTrue(halfOpen <= IkeSaManager.COOKIE_THRESHOLD, "state kept for at most the threshold: " + halfOpen);
        assertTrue(right.cookiesSent() > 0, "the rest were challenged");
        net.clear();                                                   // nobody answers for the spoofed sources

        left.initiate("t");
        clock.runPending();
        net.deliverNext();                                             // right: challenge, no state
        assertEquals(halfOpen, right.allIkeSas().size());
        net.deliverNext();                                             // left: N(COOKIE) -> retry with the cookie
        net.deliverAll();
        assertEquals(IkeSaState.ESTABLISHED, left.ikeSas("t").get(0).state(), "the real peer got in");
        assertKeysMatch();
    }

    @Test
    void oneAddressCannotHoldManyHalfOpenSas() throws Exception {
        configureDefault();
        InetSocketAddress to = new InetSocketAddress(RIGHT, IKE);
        for (int i = 0; i < 30; i++) {
            right.receive(to, new InetSocketAddress(LEFT, 500), spoofedInit(0x2000L + i, to), false);
        }
        clock.runPending();
        assertEquals(IkeSaManager.HALF_OPEN_PER_PEER, right.allIkeSas().size());
        assertTrue(right.droppedMessages() >= 30 - IkeSaManager.HALF_OPEN_PER_PEER);
    }

    @Test
    void halfOpenSasExpire() throws Exception {
        configureDefault();
        InetSocketAddress to = new InetSocketAddress(RIGHT, IKE);
        right.receive(to, new InetSocketAddress(LEFT, 500), spoofedInit(0x3000L, to), false);
        clock.runPending();
        assertEquals(1, right.allIkeSas().size());
        clock.advance(IkeSaManager.HALF_OPEN_TIMEOUT.plusSeconds(1));
        assertTrue(right.allIkeSas().isEmpty());
    }
}

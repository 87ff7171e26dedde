package io.vpnd.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.Proposal;
import io.vpnd.ike.crypto.SkCipher;
import io.vpnd.ike.crypto.SkCiphers;
import io.vpnd.ike.message.FragmentAssembler;
import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeHeader;
import io.vpnd.ike.message.IkeMessage;
import io.vpnd.ike.message.IkeProtocolException;
import io.vpnd.ike.message.UnknownPayload;

import java.util.List;

/**
 * Fuzz targets for the IKE message layer: whatever bytes arrive, decoding either succeeds or
 * raises a typed IkeProtocolException / integrity failure; nothing else may escape. In a normal
 * {@code mvn test} the committed corpus runs as regression tests; {@code JAZZER_FUZZ=1} fuzzes.
 */
class IkeMessageFuzzTest {
    private static final SkCipher CIPHER = SkCiphers.create(new Proposal.EncryptionSpec(EncryptionAlgorithm.ENCR_AES_GCM_16, 256),
            null, new byte[36], new byte[0]);

    /** Header and cleartext payload chain of a datagram straight from the wire. */
    @FuzzTest(maxDuration = "2m")
    void decodeDatagram(byte[] datagram) {
        try {
            IkeHeader.decode(datagram);
            IkeMessage m = IkeMessage.decodeUnprotected(datagram);
            m.toString();
            if (m.protection() == IkeMessage.Protection.SEALED) m.decrypt(CIPHER);
        } catch (IkeProtocolException | SkCipher.IntegrityCheckFailedException expected) {
            // typed rejection: the daemon drops it
        }
    }

    /**
     * Payload chains inside a correctly encrypted SK payload: the fuzzer picks the inner bytes, we
     * seal them with a known key, so the inner parsers (and the payload rules) see them.
     */
    @FuzzTest(maxDuration = "2m")
    void decodeAuthenticatedPayloads(FuzzedDataProvider data) {
        ExchangeType type = data.pickValue(ExchangeType.values());
        boolean response = data.consumeBoolean();
        int first = data.consumeInt(1, 255);
        byte[] inner = data.consumeRemainingAsBytes();
        IkeHeader h = IkeHeader.of(0x1122334455667788L, 0x99aabbccddeeff00L, type, true, response, 1);
        // an SK payload carrying one payload of type 'first' whose body is the fuzzer's bytes
        byte[] sealed;
        try {
            sealed = IkeMessage.protectedBySk(h, List.of(new UnknownPayload(first, false, inner))).encode(CIPHER);
        } catch (IllegalArgumentException notEncodable) {
            return; // the encoder refuses this shape (e.g. an oversized body): nothing to decode
        }
        try {
            IkeMessage m = IkeMessage.decodeUnprotected(sealed);
            if (m.protection() == IkeMessage.Protection.SEALED) m.decrypt(CIPHER).toString();
        } catch (IkeProtocolException | SkCipher.IntegrityCheckFailedException expected) {
            // typed rejection
        }
    }

    /** Fragments (RFC 7383) in any order, number and shape never break the assembler. */
    @FuzzTest(maxDuration = "1m")
    void reassembleFragments(byte[] datagram) {
        FragmentAssembler a = new FragmentAssembler();
        try {
            IkeMessage m = IkeMessage.decodeUnprotected(datagram);
            if (m.protection() == IkeMessage.Protection.SEALED_FRAGMENT) a.add(m, CIPHER);
        } catch (IkeProtocolException | SkCipher.IntegrityCheckFailedException expected) {
            // typed rejection
        }
    }
}

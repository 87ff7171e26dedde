package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.ExchangeType;
import io.vpnd.ike.message.IkeConstants.PayloadType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.vpnd.ike.message.Captures.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IkeHeaderTest {
    /** The captured gcm256-ecp256 IKE_AUTH response header (R flag, message ID 1). */
    private static final String AUTH_RESPONSE_HEADER = "efb5779ea32481574b6a65e773a191612e202320000000010000" + "00db";

    private static byte[] authResponse() {
        return Captures.ikePackets("gcm256-ecp256").get(3).ike();
    }

    @Test
    void decodesAndReencodesACapturedHeader() throws Exception {
        byte[] message = authResponse();
        assertArrayEquals(hex(AUTH_RESPONSE_HEADER), Arrays.copyOf(message, 28));
        IkeHeader h = IkeHeader.decode(message);
        assertEquals(0xefb5779ea3248157L, h.initiatorSpi());
        assertEquals(0x4b6a65e773a19161L, h.responderSpi());
        assertEquals(PayloadType.SK.id(), h.nextPayload());
        assertEquals(2, h.majorVersion());
        assertEquals(0, h.minorVersion());
        assertEquals(ExchangeType.IKE_AUTH, h.exchangeType());
        assertTrue(h.responseFlag());
        assertFalse(h.initiatorFlag());
        assertFalse(h.versionFlag());
        assertEquals(1, h.messageId());
        assertEquals(message.length, h.length());
        assertArrayEquals(hex(AUTH_RESPONSE_HEADER), h.encode());
    }

    @Test
    void headerOfBuildsWithVersionTwoAndFillsNothingElse() {
        IkeHeader h = IkeHeader.of(1, 2, ExchangeType.INFORMATIONAL, true, false, 0xffffffffL);
        assertArrayEquals(hex("0000000000000001" + "0000000000000002" + "00" + "20" + "25" + "08" + "ffffffff" + "00000000"), h.encode());
        assertTrue(h.isRequest());
    }

    @Test
    void majorVersionOtherThanTwoIsRejectedWithTheVersion() {
        for (int version : new int[] {0x10, 0x30, 0x21 /* minor 1 is fine */}) {
            byte[] m = authResponse();
            m[17] = (byte) version;
            if (version == 0x21) {
                assertEquals(1, assertDoesNotThrowHeader(m).minorVersion());
                continue;
            }
            InvalidMajorVersionException e = assertThrows(InvalidMajorVersionException.class, () -> IkeHeader.decode(m));
            assertEquals(version >>> 4, e.receivedMajorVersion());
            // what a reply needs, since no IkeHeader can be built from the message
            assertEquals(0xefb5779ea3248157L, e.initiatorSpi());
            assertEquals(0x4b6a65e773a19161L, e.responderSpi());
            assertEquals(ExchangeType.IKE_AUTH.id(), e.exchangeTypeId());
            assertTrue(e.responseFlag());
            assertEquals(1, e.messageId());
            assertEquals(IkeConstants.NotifyType.INVALID_MAJOR_VERSION, e.notifyType());
        }
    }

    private static IkeHeader assertDoesNotThrowHeader(byte[] m) {
        try {
            return IkeHeader.decode(m);
        } catch (IkeProtocolException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void reservedFlagBitsAreIgnored() throws Exception {
        byte[] m = authResponse();
        m[19] = (byte) (m[19] | 0xc7);
        IkeHeader h = IkeHeader.decode(m);
        assertTrue(h.responseFlag());
        assertFalse(h.initiatorFlag());
    }

    @Test
    void badHeadersAreInvalidSyntax() {
        byte[] good = authResponse();
        byte[] unknownExchange = good.clone();
        unknownExchange[18] = 40;
        byte[] zeroSpi = good.clone();
        Arrays.fill(zeroSpi, 0, 8, (byte) 0);
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        byte[] lengthTooSmall = good.clone();
        lengthTooSmall[27]--;
        for (byte[] bad : new byte[][] {new byte[0], Arrays.copyOf(good, 27), unknownExchange, zeroSpi, longer, lengthTooSmall}) {
            assertThrows(InvalidSyntaxException.class, () -> IkeHeader.decode(bad));
        }
    }
}

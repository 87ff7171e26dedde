package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.NotifyType;
import io.vpnd.ike.message.IkeConstants.ProtocolId;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.vpnd.ike.message.Captures.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each typed protocol error carries its RFC 7296 notify type and data, and becomes the right Notify payload. */
class IkeProtocolExceptionTest {

    @Test
    void notifyTypesAndData() {
        Map<IkeProtocolException, NotifyType> expected = Map.ofEntries(
                Map.entry(new InvalidSyntaxException("x"), NotifyType.INVALID_SYNTAX),
                Map.entry(new InvalidIkeSpiException("x"), NotifyType.INVALID_IKE_SPI),
                Map.entry(new InvalidMajorVersionException(3, 1, 0, 34, false, 0), NotifyType.INVALID_MAJOR_VERSION),
                Map.entry(new UnsupportedCriticalPayloadException(200), NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD),
                Map.entry(new InvalidMessageIdException(5), NotifyType.INVALID_MESSAGE_ID),
                Map.entry(new InvalidSpiException(0xc0ffee01), NotifyType.INVALID_SPI),
                Map.entry(new NoProposalChosenException("x"), NotifyType.NO_PROPOSAL_CHOSEN),
                Map.entry(new InvalidKePayloadException(19), NotifyType.INVALID_KE_PAYLOAD),
                Map.entry(new AuthenticationFailedException("x"), NotifyType.AUTHENTICATION_FAILED),
                Map.entry(new SinglePairRequiredException("x"), NotifyType.SINGLE_PAIR_REQUIRED),
                Map.entry(new NoAdditionalSasException("x"), NotifyType.NO_ADDITIONAL_SAS),
                Map.entry(new InternalAddressFailureException("x"), NotifyType.INTERNAL_ADDRESS_FAILURE),
                Map.entry(new FailedCpRequiredException("x"), NotifyType.FAILED_CP_REQUIRED),
                Map.entry(new TsUnacceptableException("x"), NotifyType.TS_UNACCEPTABLE),
                Map.entry(new InvalidSelectorsException(0xc0ffee01, hex("4500")), NotifyType.INVALID_SELECTORS),
                Map.entry(new TemporaryFailureException("x"), NotifyType.TEMPORARY_FAILURE),
                Map.entry(new ChildSaNotFoundException(ProtocolId.ESP, 0xc0ffee01), NotifyType.CHILD_SA_NOT_FOUND));
        for (Map.Entry<IkeProtocolException, NotifyType> e : expected.entrySet()) {
            assertEquals(e.getValue(), e.getKey().notifyType());
            assertTrue(e.getKey().toNotifyPayload().is(e.getValue()));
            assertTrue(e.getKey().toNotifyPayload().isError());
            assertEquals(0, e.getKey().getStackTrace().length, "no stack trace is built for hostile input");
        }
        assertArrayEquals(hex("0013"), new InvalidKePayloadException(19).notificationData());
        assertArrayEquals(hex("00000005"), new InvalidMessageIdException(5).notificationData());
        assertArrayEquals(hex("c0ffee01"), new InvalidSpiException(0xc0ffee01).notificationData());
        assertArrayEquals(hex("c8"), new UnsupportedCriticalPayloadException(200).notificationData());
        NotifyPayload selectors = new InvalidSelectorsException(0xc0ffee01, hex("4500")).toNotifyPayload();
        assertEquals(ProtocolId.ESP.id(), selectors.protocolId());
        assertEquals(0xc0ffee01, selectors.childSpi());
        assertArrayEquals(hex("4500"), selectors.data());
        NotifyPayload notFound = new ChildSaNotFoundException(ProtocolId.ESP, 0xc0ffee01).toNotifyPayload();
        assertEquals(0xc0ffee01, notFound.childSpi());
        // the IKE-SA-wide ones carry no SPI
        assertEquals(0, new NoProposalChosenException("x").toNotifyPayload().spi().length);
        assertEquals(0, new NoProposalChosenException("x").toNotifyPayload().protocolId());
    }

    @Test
    void eachErrorTypeOfRfc7296IsNamedAndStatusTypesAreNotErrors() {
        int[] rfc7296Errors = {1, 4, 5, 7, 9, 11, 14, 17, 24, 34, 35, 36, 37, 38, 39, 43, 44};
        for (int id : rfc7296Errors) {
            NotifyType t = NotifyType.byId(id);
            assertTrue(t != null && t.isError(), "error type " + id);
        }
        assertEquals(16430, NotifyType.IKEV2_FRAGMENTATION_SUPPORTED.id());
        assertEquals(16431, NotifyType.SIGNATURE_HASH_ALGORITHMS.id());
        assertEquals(16418, NotifyType.CHILDLESS_IKEV2_SUPPORTED.id());
        assertTrue(!NotifyType.COOKIE.isError());
        assertThrows(IllegalArgumentException.class, () -> new IkeProtocolException(NotifyType.COOKIE, new byte[0], "x") { });
        assertEquals("STATUS_40000", NotifyType.nameOf(40000));
    }
}

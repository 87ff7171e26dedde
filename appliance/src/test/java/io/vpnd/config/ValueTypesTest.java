package io.vpnd.config;

import io.vpnd.ike.message.IkeConstants.IdType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Durations, CIDRs, host:port, IKE identities and address formatting. */
class ValueTypesTest {

    @ParameterizedTest
    @CsvSource({
            "30s, 30", "9m, 540", "8h, 28800", "1d, 86400", "1h30m, 5400", "1d2h3m4s, 93784",
            "3600, 3600", "0s, 0", "' 10s ', 10"})
    void durations(String text, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1x", "", "h", "1.5h", "-1s", "30m1h", "1h1h", "10 s", "1w", "99999999999999d"})
    void badDurations(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
        assertTrue(e.getMessage().startsWith("\"" + text + "\""), e.getMessage());
    }

    @Test
    void durationFormatting() {
        assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
        assertEquals("8h", Durations.format(Duration.ofHours(8)));
        assertEquals("1d2h3m4s", Durations.format(Duration.ofSeconds(93784)));
        assertEquals("0s", Durations.format(Duration.ZERO));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "left.vpn.test | ID_FQDN | left.vpn.test",
            "@moon | ID_FQDN | moon",
            "192.0.2.1 | ID_IPV4_ADDR | 192.0.2.1",
            "2001:db8::1 | ID_IPV6_ADDR | 2001:db8::1",
            "carol@strongswan.org | ID_RFC822_ADDR | carol@strongswan.org",
            "'C=CH, O=strongSwan, CN=moon.strongswan.org' | ID_DER_ASN1_DN | C=CH,O=strongSwan,CN=moon.strongswan.org",
            "@#0A0b | ID_KEY_ID | 0a0b"})
    void identities(String text, IdType type, String value) {
        IkeIdentity id = IkeIdentity.parse(text);
        assertEquals(type, id.type());
        assertEquals(value, id.value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "bad..fqdn", "-lead.example", "@", "user@", "@#abc", "C=CH, XX=y",
            "192.0.2", "1:2:3"})
    void badIdentities(String text) {
        assertThrows(IllegalArgumentException.class, () -> IkeIdentity.parse(text));
    }

    @Test
    void identityTypesTheConfigCannotWriteAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new IkeIdentity(IdType.ID_NULL, ""));
        assertThrows(IllegalArgumentException.class, () -> new IkeIdentity(IdType.ID_DER_ASN1_GN, "x"));
    }

    @Test
    void identityPayloadData() throws Exception {
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, IkeIdentity.parse("192.0.2.1").encoded());
        assertArrayEquals("gw.example".getBytes(StandardCharsets.US_ASCII), IkeIdentity.parse("gw.example").encoded());
        assertArrayEquals(new byte[] {0x0a, 0x0b}, IkeIdentity.parse("@#0a0b").encoded());
        // SEQUENCE { SET { SEQUENCE { 2.5.4.6, PrintableString "CH" } }, SET { SEQUENCE { 2.5.4.3, UTF8String "moon" } } }:
        // the RDNs in the order written, as strongSwan encodes "C=CH, CN=moon"
        assertEquals("301c" + "310b3009" + "0603550406" + "13024348" + "310d300b" + "0603550403" + "0c046d6f6f6e",
                HexFormat.of().formatHex(IkeIdentity.parse("C=CH, CN=moon").encoded()));
    }
}

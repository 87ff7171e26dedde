package io.vpnd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Units and rounding boundaries of the table cells. */
class HumanFormatTest {

    @Test
    void bytes() {
        assertEquals("0 B", HumanFormat.bytes(0));
        assertEquals("1023 B", HumanFormat.bytes(1023));
        assertEquals("1.00 KiB", HumanFormat.bytes(1024));
        assertEquals("1.50 KiB", HumanFormat.bytes(1536));
        assertEquals("10.0 KiB", HumanFormat.bytes(10_235)); // 9.995 rounds up: one decimal fewer
        assertEquals("99.9 KiB", HumanFormat.bytes(102_348));
        assertEquals("100 KiB", HumanFormat.bytes(102_350));
        assertEquals("1023 KiB", HumanFormat.bytes(1023 * 1024 + 511));
        assertEquals("1.00 MiB", HumanFormat.bytes(1024 * 1024 - 1)); // not "1024 KiB"
        assertEquals("1.21 GiB", HumanFormat.bytes(1_300_000_000L));
        assertEquals("8.00 EiB", HumanFormat.bytes(Long.MAX_VALUE));
    }

    @Test
    void counts() {
        assertEquals("9999", HumanFormat.count(9_999));
        assertEquals("10.0k", HumanFormat.count(10_000));
        assertEquals("812k", HumanFormat.count(812_345));
        assertEquals("1.23M", HumanFormat.count(1_234_567));
        assertEquals("1.00M", HumanFormat.count(999_999)); // not "1000k"
    }

    @Test
    void durations() {
        assertEquals("0s", HumanFormat.duration(Duration.ofSeconds(-5)));
        assertEquals("59s", HumanFormat.duration(Duration.ofSeconds(59)));
        assertEquals("1m00s", HumanFormat.duration(Duration.ofSeconds(60)));
        assertEquals("59m59s", HumanFormat.duration(Duration.ofSeconds(3599)));
        assertEquals("1h00m", HumanFormat.duration(Duration.ofHours(1)));
        assertEquals("23h59m", HumanFormat.duration(Duration.ofSeconds(86_399)));
        assertEquals("2d04h", HumanFormat.duration(Duration.ofHours(52)));
    }

    @Test
    void since() {
        Instant now = Instant.parse("2025-01-01T13:00:00Z");
        assertEquals(Duration.ofMinutes(90), HumanFormat.since("2025-01-01T11:30:00Z", now));
        assertNull(HumanFormat.since("yesterday", now));
        assertNull(HumanFormat.since(null, now));
    }
}

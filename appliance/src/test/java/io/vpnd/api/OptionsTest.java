package io.vpnd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** {@link HostPort} parsing and {@link ApiOptions} consistency checks. */
class OptionsTest {

    @Test
    void hostPortForms() {
        assertEquals(new HostPort("127.0.0.1", 9100), HostPort.parse("127.0.0.1:9100"));
        assertEquals(new HostPort("localhost", 8443), HostPort.parse("localhost:8443"));
        assertEquals(new HostPort("::1", 8443), HostPort.parse("[::1]:8443"));
        assertEquals(new HostPort("", 9100), HostPort.parse(":9100"));
        assertEquals("[::1]:8443", HostPort.parse("[::1]:8443").toString());
        assertEquals(9100, HostPort.parse(":9100").toSocketAddress().getPort());
        assertTrue(HostPort.parse(":9100").toSocketAddress().getAddress().isAnyLocalAddress());
    }

    @Test
    void hostPortErrorsSayWhatIsExpected() {
        assertEquals("expected HOST:PORT (IPv6 as [ADDR]:PORT), got '9100'",
                assertThrows(IllegalArgumentException.class, () -> HostPort.parse("9100")).getMessage());
        assertEquals("expected HOST:PORT (IPv6 as [ADDR]:PORT), got '::1:80'",
                assertThrows(IllegalArgumentException.class, () -> HostPort.parse("::1:80")).getMessage());
        assertEquals("port is not a number in 'host:http'",
                assertThrows(IllegalArgumentException.class, () -> HostPort.parse("host:http")).getMessage());
        assertEquals("port out of range 0..65535: 70000",
                assertThrows(IllegalArgumentException.class, () -> HostPort.parse("host:70000")).getMessage());
    }

    @Test
    void httpsNeedsItsFilesAndMetricsTlsNeedsAListener() {
        Path sock = Path.of("/run/vpnd/vpnd.sock");
        MutualTlsFiles files = new MutualTlsFiles(Path.of("a.crt"), Path.of("a.key"), Path.of("ca.crt"));
        HostPort listen = HostPort.parse("127.0.0.1:8443");
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new ApiOptions(sock, null, listen, null, null, null)).getMessage()
                .startsWith("api.https.listen is set but"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new ApiOptions(sock, null, null, files, null, null)).getMessage()
                .contains("api.https.listen is not"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new ApiOptions(sock, null, null, null, null, files)).getMessage()
                .startsWith("metrics.tls is set but metrics.prometheus is not"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new ApiOptions(sock, " ", null, null, null, null)).getMessage().startsWith("api.group"));
        assertEquals(listen, new ApiOptions(sock, "vpnd", listen, files, listen, null).httpsListen());
    }
}

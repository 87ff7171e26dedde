package io.vpnd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import io.vpnd.net.HostPort;

import org.junit.jupiter.api.Test;

/** {@link ApiOptions} consistency checks. */
class OptionsTest {

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

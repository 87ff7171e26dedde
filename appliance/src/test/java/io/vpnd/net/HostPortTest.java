package io.vpnd.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostPortTest {
    @Test
    void parsesIpLiteralsWithIpv6InBrackets() throws Exception {
        assertEquals(new HostPort(InetAddress.getByName("127.0.0.1"), 9469), HostPort.parse("127.0.0.1:9469"));
        assertEquals(new HostPort(InetAddress.getByName("::1"), 8443), HostPort.parse("[::1]:8443"));
        assertEquals("[::1]:8443", HostPort.parse("[::1]:8443").toString());
        assertEquals("[::1]:8443", new HostPort(InetAddress.getByName("0:0:0:0:0:0:0:1"), 8443).toString());
        assertTrue(HostPort.parse("[::]:9100").toSocketAddress().getAddress().isAnyLocalAddress());
        assertTrue(HostPort.parse("0.0.0.0:9100").toSocketAddress().getAddress().isAnyLocalAddress());
    }

    @Test
    void rejectsNamesMissingPortsAndPortsOutOfRange() {
        for (String bad : List.of("127.0.0.1", "::1:8443", "localhost:80", ":9100", "127.0.0.1:0", "127.0.0.1:65536",
                "127.0.0.1:http")) {
            assertThrows(IllegalArgumentException.class, () -> HostPort.parse(bad), bad);
        }
        assertEquals("\"::1:80\": write an IPv6 host in brackets (use host:port with an IP literal, e.g. 127.0.0.1:9469"
                + " or [::1]:9469)", assertThrows(IllegalArgumentException.class, () -> HostPort.parse("::1:80")).getMessage());
    }

    @Test
    void portZeroOnlyInCodeForAnEphemeralPort() {
        assertEquals(0, new HostPort(InetAddress.getLoopbackAddress(), 0).toSocketAddress().getPort());
        assertThrows(IllegalArgumentException.class, () -> new HostPort(InetAddress.getLoopbackAddress(), 65536));
        assertThrows(IllegalArgumentException.class, () -> new HostPort(InetAddress.getLoopbackAddress(), -1));
    }
}

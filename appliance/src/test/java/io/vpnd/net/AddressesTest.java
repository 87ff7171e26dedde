package io.vpnd.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressesTest {
    @Test
    void ipv6IsPrintedInRfc5952Form() throws Exception {
        assertEquals("2001:db8::1", Addresses.format(InetAddress.getByName("2001:db8:0:0:0:0:0:1")));
        assertEquals("::", Addresses.format(InetAddress.getByName("::")));
        assertEquals("2001:db8:0:1:1:1:1:1", Addresses.format(InetAddress.getByName("2001:db8:0:1:1:1:1:1")));
        assertEquals("2001:0:0:1::1", Addresses.format(InetAddress.getByName("2001:0:0:1:0:0:0:1")));
        assertEquals("2001:db8::1:0:0:1", Addresses.format(InetAddress.getByName("2001:db8:0:0:1:0:0:1")));
        assertEquals("192.0.2.1", Addresses.format(InetAddress.getByName("192.0.2.1")));
    }

    @Test
    void literalsOnlyNeverNames() throws Exception {
        assertEquals(InetAddress.getByName("2001:db8::1"), Addresses.parse("[2001:db8::1]"));
        String message = assertThrows(IllegalArgumentException.class, () -> Addresses.parse("localhost")).getMessage();
        assertTrue(message.contains("never resolves names"), message);
    }
}

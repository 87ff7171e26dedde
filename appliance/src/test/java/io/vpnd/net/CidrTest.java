package io.vpnd.net;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidrTest {
    @Test
    void parseNetworkContainsAndInterfaceAddresses() throws Exception {
        Cidr c = Cidr.parse("169.254.10.1/30");
        assertEquals(InetAddress.getByName("169.254.10.1"), c.address());
        assertEquals(30, c.prefixLength());
        assertFalse(c.isNetwork());
        assertEquals(Cidr.parse("169.254.10.0/30"), c.network());
        assertEquals(Cidr.parse("192.0.2.7/32"), Cidr.parse("192.0.2.7"));
        assertEquals(128, Cidr.parse("2001:db8::1").prefixLength());
        assertTrue(Cidr.parse("0.0.0.0/0").contains(Cidr.parse("203.0.113.0/24")));
        assertTrue(Cidr.parse("203.0.113.0/24").contains(Cidr.parse("203.0.113.128/25")));
        assertFalse(Cidr.parse("203.0.113.128/25").contains(Cidr.parse("203.0.113.0/24")));
        assertFalse(Cidr.parse("::/0").contains(Cidr.parse("203.0.113.0/24")));
        assertEquals("2001:db8::/32", Cidr.parseNetwork("2001:0db8:0000::/32").toString());
        assertEquals("203.0.113.0/24", Cidr.parse("203.0.113.0/24").toTrafficSelector().toString());
        assertThrows(IllegalArgumentException.class, () -> Cidr.parseNetwork("10.1.0.0/8"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/-1"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("2001:db8::/129"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com/24"));
        assertEquals(Cidr.parse("169.254.10.2/30"), Cidr.parseInterfaceAddress("169.254.10.2/30"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parseInterfaceAddress("169.254.10.3/30"));
        assertEquals(Cidr.parse("169.254.10.0/31"), Cidr.parseInterfaceAddress("169.254.10.0/31"));
    }

    @Test
    void aNetworkHasNoHostBits() {
        assertTrue(Cidr.parse("198.51.100.0/24").isNetwork());
        assertTrue(Cidr.parse("0.0.0.0/0").isNetwork());
        assertFalse(Cidr.parse("198.51.100.1/24").isNetwork());
        assertFalse(Cidr.parse("2001:db8:1::1/48").isNetwork());
        assertEquals("\"203.0.113.5/24\" has host bits set after the /24 prefix (did you mean 203.0.113.0/24?)",
                assertThrows(IllegalArgumentException.class, () -> Cidr.parseNetwork("203.0.113.5/24")).getMessage());
    }
}

package io.vpnd.ike.crypto;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * NAT_DETECTION_SOURCE_IP / NAT_DETECTION_DESTINATION_IP data (RFC 7296 §2.23):
 * SHA-1(SPIi | SPIr | IP | Port), with the IP as 4 or 16 octets and the port as 2 octets, all in
 * network order. In the IKE_SA_INIT request SPIr is zero.
 */
public final class NatDetection {
    /** Octets of a NAT detection hash. */
    public static final int HASH_LENGTH = 20;

    private NatDetection() {
    }

    public static byte[] hash(long spiI, long spiR, InetSocketAddress endpoint) {
        return hash(spiI, spiR, endpoint.getAddress(), endpoint.getPort());
    }

    public static byte[] hash(long spiI, long spiR, InetAddress address, int port) {
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port " + port);
        }
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(Bytes.spi(spiI));
            sha1.update(Bytes.spi(spiR));
            sha1.update(address.getAddress());
            sha1.update((byte) (port >>> 8));
            sha1.update((byte) port);
            return sha1.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 unavailable", e);
        }
    }

    /** True if {@code received} is the hash of {@code endpoint}: no NAT changed that address. */
    public static boolean matches(byte[] received, long spiI, long spiR, InetSocketAddress endpoint) {
        return MessageDigest.isEqual(received, hash(spiI, spiR, endpoint));
    }
}

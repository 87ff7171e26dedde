package io.vpnd.esp;

import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.net.TrafficSelector;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything the data plane needs to run one direction of an ESP SA in tunnel mode with UDP
 * encapsulation: what IKE (or manual keying) hands to {@code SaInstaller}, as strongSwan's
 * {@code kernel_ipsec_add_sa_t} does.
 *
 * @param tunnel           name of the tunnel (and so of its TUN interface) the SA belongs to
 * @param direction        inbound (decrypt, looked up by SPI) or outbound (encrypt)
 * @param spi              the SPI carried in the ESP header
 * @param encryption       cipher
 * @param encryptionKeyBits key length in bits (128, 192, 256)
 * @param encryptionKey    key followed by salt for AEAD (RFC 4106 §8.1)
 * @param integrity        HMAC for CBC, null for AEAD
 * @param integrityKey     HMAC key, empty for AEAD
 * @param esn              64-bit extended sequence numbers (RFC 4304)
 * @param replayWindow     anti-replay window in packets for inbound SAs (0 = replay check off)
 * @param local            this host's outer UDP endpoint
 * @param remote           the peer's outer UDP endpoint (after NAT, as seen from here)
 * @param localSelectors   traffic selectors on this side (source of outbound, destination of inbound)
 * @param remoteSelectors  traffic selectors on the peer's side
 * @param lifetime         volume limits
 */
public record ChildSaSpec(String tunnel,
                          SaDirection direction,
                          int spi,
                          EncryptionAlgorithm encryption,
                          int encryptionKeyBits,
                          byte[] encryptionKey,
                          IntegrityAlgorithm integrity,
                          byte[] integrityKey,
                          boolean esn,
                          int replayWindow,
                          InetSocketAddress local,
                          InetSocketAddress remote,
                          List<TrafficSelector> localSelectors,
                          List<TrafficSelector> remoteSelectors,
                          SaLifetime lifetime) {

    public ChildSaSpec {
        Objects.requireNonNull(tunnel, "tunnel");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        if (encryptionKey.length != encryption.keyMaterialLength(encryptionKeyBits)) {
            throw new IllegalArgumentException("encryption key of " + encryptionKey.length + " octets, "
                    + encryption + " with " + encryptionKeyBits + " bits needs "
                    + encryption.keyMaterialLength(encryptionKeyBits));
        }
        if (encryption.isAead() != (integrity == null)) {
            throw new IllegalArgumentException(encryption.isAead()
                    ? "an AEAD cipher takes no integrity algorithm" : "a CBC cipher needs an integrity algorithm");
        }
        integrityKey = integrityKey == null ? new byte[0] : integrityKey.clone();
        if (integrity != null && integrityKey.length != integrity.keyLength()) {
            throw new IllegalArgumentException("integrity key of " + integrityKey.length + " octets, "
                    + integrity + " needs " + integrity.keyLength());
        }
        if (replayWindow < 0) throw new IllegalArgumentException("negative replay window");
        encryptionKey = encryptionKey.clone();
        localSelectors = List.copyOf(localSelectors);
        remoteSelectors = List.copyOf(remoteSelectors);
        lifetime = lifetime == null ? SaLifetime.UNLIMITED : lifetime;
    }

    /** Key material must never reach a log line. */
    @Override
    public String toString() {
        return "ChildSaSpec[" + tunnel + " " + direction + " spi=" + String.format("0x%08x", spi) + " "
                + encryption + "/" + encryptionKeyBits + (integrity == null ? "" : "+" + integrity)
                + (esn ? " esn" : "") + " " + local + "<->" + remote
                + " " + localSelectors + "==" + remoteSelectors + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChildSaSpec s && spi == s.spi && direction == s.direction && tunnel.equals(s.tunnel)
                && Arrays.equals(encryptionKey, s.encryptionKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tunnel, direction, spi);
    }
}

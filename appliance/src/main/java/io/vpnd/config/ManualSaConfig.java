package io.vpnd.config;

import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.crypto.Proposal.EncryptionSpec;
import io.vpnd.esp.ChildSaSpec;
import io.vpnd.esp.SaDirection;
import io.vpnd.esp.SaLifetime;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Static keys for a tunnel's Child SA pair, without IKE (as {@code ip xfrm state add} does): for
 * tests and for manual keying. Keys never appear in {@link #toString()}.
 *
 * @param spiIn      SPI of the inbound SA (unsigned 32 bits, at least 256: RFC 4303 §2.1 reserves 1..255)
 * @param spiOut     SPI of the outbound SA
 * @param encryption the one cipher and key size
 * @param integrity  the HMAC for CBC; empty for AEAD
 * @param keyIn      inbound keying material: key, plus the 4-octet salt for GCM (RFC 4106 §8.1)
 * @param keyOut     outbound keying material
 * @param authKeyIn  inbound HMAC key; empty for AEAD
 * @param authKeyOut outbound HMAC key; empty for AEAD
 * @param esn        64-bit extended sequence numbers (RFC 4304)
 */
public record ManualSaConfig(int spiIn, int spiOut, EncryptionSpec encryption, Optional<IntegrityAlgorithm> integrity,
                             byte[] keyIn, byte[] keyOut, byte[] authKeyIn, byte[] authKeyOut, boolean esn) {

    public ManualSaConfig {
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(integrity, "integrity");
        keyIn = keyIn.clone();
        keyOut = keyOut.clone();
        authKeyIn = authKeyIn.clone();
        authKeyOut = authKeyOut.clone();
    }

    @Override
    public byte[] keyIn() { return keyIn.clone(); }

    @Override
    public byte[] keyOut() { return keyOut.clone(); }

    @Override
    public byte[] authKeyIn() { return authKeyIn.clone(); }

    @Override
    public byte[] authKeyOut() { return authKeyOut.clone(); }

    /**
     * The spec of one direction's SA for the data plane: outer endpoints are the tunnel's local
     * address at {@code localNatPort} (the global {@code ike.natPort}) and the remote address at
     * its {@code natPort}; replay window and volume limits come from the tunnel's {@code esp}.
     */
    public ChildSaSpec childSaSpec(TunnelConfig tunnel, SaDirection direction, int localNatPort) {
        boolean in = direction == SaDirection.INBOUND;
        InetSocketAddress local = new InetSocketAddress(tunnel.local().address(), localNatPort);
        InetSocketAddress remote = new InetSocketAddress(tunnel.remote().address().orElseThrow(
                () -> new IllegalStateException("manual keying needs a remote address")), tunnel.remote().natPort());
        EspConfig esp = tunnel.esp();
        return new ChildSaSpec(tunnel.name(), direction, in ? spiIn : spiOut,
                encryption.algorithm(), encryption.keyBits(), in ? keyIn : keyOut,
                integrity.orElse(null), in ? authKeyIn : authKeyOut, esn, esp.replayWindow(),
                local, remote, tunnel.selectors().localSelectors(), tunnel.selectors().remoteSelectors(),
                new SaLifetime(0, esp.lifeBytes(), 0, esp.lifePackets()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManualSaConfig m && spiIn == m.spiIn && spiOut == m.spiOut && esn == m.esn
                && encryption.equals(m.encryption) && integrity.equals(m.integrity)
                && Arrays.equals(keyIn, m.keyIn) && Arrays.equals(keyOut, m.keyOut)
                && Arrays.equals(authKeyIn, m.authKeyIn) && Arrays.equals(authKeyOut, m.authKeyOut);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spiIn, spiOut, encryption, integrity, esn);
    }

    @Override
    public String toString() {
        return "ManualSaConfig[spiIn=" + String.format("0x%08x", spiIn) + ", spiOut=" + String.format("0x%08x", spiOut)
                + ", encryption=" + encryption + integrity.map(i -> ", integrity=" + i).orElse("")
                + ", esn=" + esn + ", keys=<redacted>]";
    }
}

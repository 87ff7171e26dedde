package io.vpnd.config;

import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.crypto.Proposal;
import io.vpnd.crypto.ProposalParser;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Binds a tunnel's {@code manual} block: SPIs, one ESP algorithm set and keys whose lengths fit
 * it, as {@code ip xfrm state add} takes them.
 */
final class ManualBinder {
    static final List<String> KEYS =
            List.of("spiIn", "spiOut", "proposal", "keyIn", "keyOut", "authKeyIn", "authKeyOut", "esn");
    /** RFC 4303 §2.1: SPI values 1..255 are reserved by IANA, 0 is never sent. */
    static final long MIN_SPI = 256;
    private static final long MAX_SPI = 0xffff_ffffL;

    private final Block b;
    private Field<Integer> spiIn;

    ManualBinder(Block b) {
        this.b = b;
    }

    /** The inbound SPI field, after {@link #bind}, for the uniqueness check across tunnels. */
    Field<Integer> spiIn() {
        return spiIn;
    }

    Optional<ManualSaConfig> bind() {
        spiIn = b.required("spiIn", ManualBinder::spi);
        Field<Integer> spiOut = b.required("spiOut", ManualBinder::spi);
        if (spiIn.ok() && spiOut.ok() && spiIn.value().equals(spiOut.value())) {
            b.problem("spiOut", String.format("spiOut equals spiIn (0x%08x); give each direction its own SPI",
                    spiIn.value()));
        }
        Field<Proposal> proposal = b.required("proposal", ValueParser.text(ManualBinder::proposal));
        Field<byte[]> keyIn = b.required("keyIn", scalar -> Secrets.hex(scalar.text(), "keyIn"));
        Field<byte[]> keyOut = b.required("keyOut", scalar -> Secrets.hex(scalar.text(), "keyOut"));
        Field<byte[]> authKeyIn = b.optional("authKeyIn", scalar -> Secrets.hex(scalar.text(), "authKeyIn"), null);
        Field<byte[]> authKeyOut = b.optional("authKeyOut", scalar -> Secrets.hex(scalar.text(), "authKeyOut"), null);
        Field<Boolean> esn = b.optional("esn", ValueParser.bool(), false);
        if (!proposal.ok()) return Optional.empty();

        Proposal.EncryptionSpec enc = proposal.value().encryption().get(0);
        Optional<IntegrityAlgorithm> integrity = proposal.value().integrity().stream().findFirst();
        String encName = ProposalParser.toStrongSwanString(
                new Proposal(List.of(enc), List.of(), List.of(), List.of(), List.of()));
        int keyBytes = enc.keyBits() / 8;
        int salt = enc.algorithm().saltLength();
        String keyShape = salt > 0 ? " (" + keyBytes + "-octet key + " + salt + "-octet salt)" : " (the key)";
        int keyLength = enc.algorithm().keyMaterialLength(enc.keyBits());
        boolean ok = checkLength(keyIn, "keyIn", keyLength, encName + " needs " + keyLength + keyShape)
                & checkLength(keyOut, "keyOut", keyLength, encName + " needs " + keyLength + keyShape);
        if (keyIn.ok() && keyOut.ok() && Arrays.equals(keyIn.value(), keyOut.value())) {
            b.problem("keyOut", "keyOut equals keyIn; each direction needs its own key (one key both ways"
                    + " reuses GCM nonces and lets packets be reflected)");
            ok = false;
        }
        if (integrity.isPresent()) {
            IntegrityAlgorithm i = integrity.get();
            String iName = ProposalParser.toStrongSwanString(new Proposal(List.of(enc), List.of(i), List.of(),
                    List.of(), List.of())).substring(encName.length() + 1);
            for (String key : List.of("authKeyIn", "authKeyOut")) {
                Field<byte[]> f = key.equals("authKeyIn") ? authKeyIn : authKeyOut;
                if (!f.given()) {
                    b.missing(key);
                    ok = false;
                } else {
                    ok &= checkLength(f, key, i.keyLength(), iName + " needs " + i.keyLength());
                }
            }
        } else {
            for (String key : List.of("authKeyIn", "authKeyOut")) {
                if (b.has(key)) {
                    b.problem(key, encName + " is AEAD and uses no " + key + " (its integrity is in keyIn/keyOut);"
                            + " remove it");
                    ok = false;
                }
            }
        }
        if (!ok || !spiIn.ok() || !spiOut.ok() || !esn.ok()) return Optional.empty();
        return Optional.of(new ManualSaConfig(spiIn.value(), spiOut.value(), enc, integrity,
                keyIn.value(), keyOut.value(),
                integrity.isPresent() ? authKeyIn.value() : new byte[0],
                integrity.isPresent() ? authKeyOut.value() : new byte[0], esn.value()));
    }

    private boolean checkLength(Field<byte[]> key, String name, int expected, String need) {
        if (!key.ok()) return false;
        if (key.value().length != expected) {
            b.problem(name, name + " has " + key.value().length + " octets; " + need);
            return false;
        }
        return true;
    }

    private static Integer spi(YamlNode.Scalar scalar) {
        long spi = ValueParser.integer(0, MAX_SPI).parse(scalar);
        if (spi < MIN_SPI) {
            throw new IllegalArgumentException("SPI " + scalar.text().strip() + " is reserved (RFC 4303: 0 is invalid,"
                    + " 1..255 are reserved); use " + MIN_SPI + " or more, e.g. 0xc0000101");
        }
        return (int) spi;
    }

    private static Proposal proposal(String text) {
        Proposal p = ProposalParser.parseEsp(text);
        String quoted = "\"" + text.strip() + "\"";
        for (String token : text.toLowerCase(Locale.ROOT).split("-")) {
            if (token.strip().equals("esn") || token.strip().equals("noesn")) {
                throw new IllegalArgumentException("\"" + token.strip() + "\" in " + quoted
                        + ": set manual.esn instead");
            }
        }
        if (p.encryption().size() > 1 || p.integrity().size() > 1) {
            throw new IllegalArgumentException(quoted + " lists alternatives; manual keying needs exactly one"
                    + " algorithm set (e.g. aes256gcm16 or aes256-sha256)");
        }
        if (!p.groups().isEmpty()) {
            throw new IllegalArgumentException(quoted + " names a key exchange group, which means nothing without"
                    + " IKE; remove it");
        }
        return p;
    }
}

package io.vpnd.ike.message;

import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.crypto.KeyExchangeGroup;
import io.vpnd.crypto.PrfAlgorithm;
import io.vpnd.crypto.Proposal;
import io.vpnd.ike.message.IkeConstants.EsnTransformId;
import io.vpnd.ike.message.IkeConstants.ProtocolId;
import io.vpnd.ike.message.IkeConstants.TransformType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A Proposal Substructure (RFC 7296 §3.3.1): the protocol, the SPI of the SA to create and the
 * transforms, with conversion to and from {@link Proposal}. Unknown protocol IDs, transform types
 * and transform IDs are kept as received; {@link #toProposal()} leaves them out and
 * {@link #hasUnusableTransformType()} tells negotiation when that makes the proposal unacceptable.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Last Substruc |   RESERVED    |         Proposal Length       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Proposal Num  |  Protocol ID  |    SPI Size   |Num  Transforms|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                        SPI (variable)                         ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                        <Transforms>                           ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param number     Proposal Num (the responder echoes the number of the proposal it chose)
 * @param protocolId Protocol ID (1 IKE, 2 AH, 3 ESP)
 * @param spi        the sender's SPI: empty in IKE_SA_INIT, 8 octets when rekeying the IKE SA,
 *                   4 octets for ESP/AH
 * @param transforms the transforms in order
 */
public record ProposalSubstructure(int number, int protocolId, byte[] spi, List<TransformSubstructure> transforms) {
    static final int LAST = 0;
    static final int MORE = 2;
    private static final int HEADER_LENGTH = 8;
    private static final Set<Integer> AES_KEY_BITS = Set.of(128, 192, 256);

    public ProposalSubstructure {
        if (number < 0 || number > 0xff || protocolId < 0 || protocolId > 0xff) {
            throw new IllegalArgumentException("proposal " + number + " protocol " + protocolId);
        }
        if (spi.length > 0xff || transforms.size() > 0xff) throw new IllegalArgumentException("SPI or transform count too large");
        spi = spi.clone();
        transforms = List.copyOf(transforms);
    }

    /**
     * The proposal for {@code p}, transforms in the order strongSwan sends them (ENCR, INTEG,
     * PRF, DH, ESN), so that a peer's logs read the same as for its own proposals.
     */
    public static ProposalSubstructure of(int number, ProtocolId protocol, byte[] spi, Proposal p) {
        List<TransformSubstructure> t = new ArrayList<>();
        for (Proposal.EncryptionSpec e : p.encryption()) t.add(TransformSubstructure.encryption(e.algorithm(), e.keyBits()));
        for (IntegrityAlgorithm i : p.integrity()) t.add(TransformSubstructure.integrity(i));
        for (PrfAlgorithm f : p.prf()) t.add(TransformSubstructure.prf(f));
        for (KeyExchangeGroup g : p.groups()) t.add(TransformSubstructure.group(g));
        for (Boolean esn : p.esn()) t.add(TransformSubstructure.esn(esn));
        return new ProposalSubstructure(number, protocol.id(), spi, t);
    }

    @Override
    public byte[] spi() { return spi.clone(); }

    /** The protocol, or null when unknown (negotiation skips such a proposal). */
    public ProtocolId protocol() { return ProtocolId.byId(protocolId); }

    /** The SPI as a 32-bit value (ESP/AH proposals); throws when it is not 4 octets. */
    public int childSpi() {
        if (spi.length != 4) throw new IllegalStateException("SPI has " + spi.length + " octets");
        return Octets.int32(spi);
    }

    /** The SPI as a 64-bit value (IKE SA rekeying); throws when it is not 8 octets. */
    public long ikeSpi() {
        if (spi.length != 8) throw new IllegalStateException("SPI has " + spi.length + " octets");
        long v = 0;
        for (byte b : spi) v = (v << 8) | (b & 0xff);
        return v;
    }

    /**
     * The algorithms vpnd knows, per type in the proposal's order. Left out: transform IDs vpnd
     * does not implement, transforms with attributes it does not understand (RFC 7296 §3.3.6),
     * AES without a valid Key Length, and INTEG "NONE" (an empty integrity list means none).
     * A transform type present only with such transforms becomes an empty list, which looks like
     * "absent": check {@link #hasUnusableTransformType()} before accepting.
     */
    public Proposal toProposal() {
        List<Proposal.EncryptionSpec> encr = new ArrayList<>();
        List<IntegrityAlgorithm> integ = new ArrayList<>();
        List<PrfAlgorithm> prf = new ArrayList<>();
        List<KeyExchangeGroup> groups = new ArrayList<>();
        List<Boolean> esn = new ArrayList<>();
        for (TransformSubstructure t : transforms) {
            TransformType type = t.transformType();
            if (type == null) continue;
            switch (type) {
                case ENCR -> {
                    Proposal.EncryptionSpec spec = encryptionSpec(t);
                    if (spec != null) encr.add(spec);
                }
                case INTEG -> {
                    IntegrityAlgorithm a = IntegrityAlgorithm.byId(t.id());
                    if (a != null && t.attributes().isEmpty()) integ.add(a);
                }
                case PRF -> {
                    PrfAlgorithm a = PrfAlgorithm.byId(t.id());
                    if (a != null && t.attributes().isEmpty()) prf.add(a);
                }
                case DH -> {
                    KeyExchangeGroup g = KeyExchangeGroup.byId(t.id());
                    if (g != null && t.attributes().isEmpty()) groups.add(g);
                }
                case ESN -> {
                    EsnTransformId e = EsnTransformId.byId(t.id());
                    if (e != null && t.attributes().isEmpty()) esn.add(e == EsnTransformId.ESN);
                }
            }
        }
        return new Proposal(encr, integ, prf, groups, esn);
    }

    private static Proposal.EncryptionSpec encryptionSpec(TransformSubstructure t) {
        EncryptionAlgorithm a = EncryptionAlgorithm.byId(t.id());
        if (a == null) return null;
        OptionalInt bits = t.keyLength();
        // every cipher vpnd implements is AES, whose Key Length attribute is mandatory (RFC 3602, RFC 5282)
        if (bits.isEmpty() || !AES_KEY_BITS.contains(bits.getAsInt()) || t.attributes().size() != 1) return null;
        return new Proposal.EncryptionSpec(a, bits.getAsInt());
    }

    /** True when a transform is one {@link #toProposal()} keeps. */
    private static boolean usable(TransformSubstructure t) {
        TransformType type = t.transformType();
        if (type == null) return false;
        return switch (type) {
            case ENCR -> encryptionSpec(t) != null;
            case INTEG -> t.attributes().isEmpty() && (t.id() == IkeConstants.INTEG_NONE || IntegrityAlgorithm.byId(t.id()) != null);
            case PRF -> t.attributes().isEmpty() && PrfAlgorithm.byId(t.id()) != null;
            case DH -> t.attributes().isEmpty() && KeyExchangeGroup.byId(t.id()) != null;
            case ESN -> t.attributes().isEmpty() && EsnTransformId.byId(t.id()) != null;
        };
    }

    /**
     * True when the proposal must be rejected whatever the local policy: it has a transform type
     * vpnd does not know (RFC 7296 §3.3.6), or a type whose every transform is unusable (so
     * {@link #toProposal()} would wrongly show it as absent — e.g. a PFS group vpnd lacks).
     */
    public boolean hasUnusableTransformType() {
        Set<TransformType> present = EnumSet.noneOf(TransformType.class);
        Set<TransformType> satisfied = EnumSet.noneOf(TransformType.class);
        for (TransformSubstructure t : transforms) {
            TransformType type = t.transformType();
            if (type == null) return true;
            present.add(type);
            if (usable(t)) satisfied.add(type);
        }
        return !satisfied.containsAll(present);
    }

    /** Decodes one proposal; {@code last} reports whether its Last Substruc said so. */
    static ProposalSubstructure decode(ByteReader r, boolean[] last) throws InvalidSyntaxException {
        int lastSubstruc = r.u8("proposal last substruc");
        if (lastSubstruc != LAST && lastSubstruc != MORE) {
            throw new InvalidSyntaxException("proposal Last Substruc " + lastSubstruc + " (must be 0 or 2)");
        }
        r.skip(1, "proposal reserved");
        int length = r.u16("proposal length");
        if (length < HEADER_LENGTH) throw new InvalidSyntaxException("proposal length " + length);
        ByteReader p = r.slice(length - 4, "proposal");
        int number = p.u8("proposal number");
        int protocol = p.u8("protocol ID");
        int spiSize = p.u8("SPI size");
        int count = p.u8("number of transforms");
        ProtocolId known = ProtocolId.byId(protocol);
        if ((known == ProtocolId.ESP || known == ProtocolId.AH) && spiSize != 4
                || known == ProtocolId.IKE && spiSize != 0 && spiSize != 8) {
            throw new InvalidSyntaxException(known + " proposal with SPI size " + spiSize);
        }
        byte[] spi = p.bytes(spiSize, "proposal SPI");
        if (count == 0) throw new InvalidSyntaxException("proposal " + number + " without transforms");
        List<TransformSubstructure> transforms = new ArrayList<>(count);
        boolean[] lastTransform = new boolean[1];
        for (int i = 0; i < count; i++) {
            transforms.add(TransformSubstructure.decode(p, lastTransform));
            if (lastTransform[0] != (i == count - 1)) {
                throw new InvalidSyntaxException("transform " + (i + 1) + " of " + count + " has the wrong Last Substruc");
            }
        }
        if (p.hasRemaining()) throw new InvalidSyntaxException(p.remaining() + " octets after the transforms of proposal " + number);
        last[0] = lastSubstruc == LAST;
        return new ProposalSubstructure(number, protocol, spi, transforms);
    }

    void encode(ByteWriter w, boolean last) {
        int start = w.length();
        w.u8(last ? LAST : MORE).u8(0).u16(0).u8(number).u8(protocolId).u8(spi.length).u8(transforms.size()).bytes(spi);
        for (int i = 0; i < transforms.size(); i++) transforms.get(i).encode(w, i == transforms.size() - 1);
        w.putU16At(start + 2, w.length() - start);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProposalSubstructure p && p.number == number && p.protocolId == protocolId
                && Arrays.equals(p.spi, spi) && p.transforms.equals(transforms);
    }

    @Override
    public int hashCode() {
        return (number * 31 + protocolId) * 31 + transforms.hashCode();
    }

    @Override
    public String toString() {
        ProtocolId p = protocol();
        return "#" + number + " " + (p == null ? "protocol " + protocolId : p)
                + (spi.length == 0 ? "" : " SPI " + HexFormat.of().formatHex(spi)) + " " + transforms;
    }
}

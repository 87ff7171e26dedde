package io.vpnd.ike.message;

import io.vpnd.crypto.EncryptionAlgorithm;
import io.vpnd.crypto.IntegrityAlgorithm;
import io.vpnd.crypto.KeyExchangeGroup;
import io.vpnd.crypto.PrfAlgorithm;
import io.vpnd.ike.message.IkeConstants.EsnTransformId;
import io.vpnd.ike.message.IkeConstants.TransformType;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A Transform Substructure (RFC 7296 §3.3.2): one algorithm of one transform type. Type and ID are
 * kept raw so that proposals with algorithms vpnd does not know can be skipped by negotiation.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Last Substruc |   RESERVED    |        Transform Length       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Transform Type |   RESERVED    |          Transform ID         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                      Transform Attributes                     ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param type       Transform Type
 * @param id         Transform ID
 * @param attributes attributes in order (Key Length for ciphers with variable keys)
 */
public record TransformSubstructure(int type, int id, List<TransformAttribute> attributes) {
    static final int LAST = 0;
    static final int MORE = 3;
    private static final int HEADER_LENGTH = 8;

    public TransformSubstructure {
        if (type < 0 || type > 0xff || id < 0 || id > 0xffff) throw new IllegalArgumentException("transform " + type + "/" + id);
        attributes = List.copyOf(attributes);
    }

    public TransformSubstructure(TransformType type, int id) {
        this(type.id(), id, List.of());
    }

    public static TransformSubstructure encryption(EncryptionAlgorithm algorithm, int keyBits) {
        return new TransformSubstructure(TransformType.ENCR.id(), algorithm.id(), List.of(TransformAttribute.keyLength(keyBits)));
    }

    public static TransformSubstructure prf(PrfAlgorithm prf) {
        return new TransformSubstructure(TransformType.PRF, prf.id());
    }

    public static TransformSubstructure integrity(IntegrityAlgorithm integrity) {
        return new TransformSubstructure(TransformType.INTEG, integrity.id());
    }

    public static TransformSubstructure group(KeyExchangeGroup group) {
        return new TransformSubstructure(TransformType.DH, group.id());
    }

    public static TransformSubstructure esn(boolean extendedSequenceNumbers) {
        return new TransformSubstructure(TransformType.ESN,
                (extendedSequenceNumbers ? EsnTransformId.ESN : EsnTransformId.NO_ESN).id());
    }

    /** The transform type, or null when unknown. */
    public TransformType transformType() { return TransformType.byId(type); }

    /** The Key Length attribute, when present. */
    public OptionalInt keyLength() {
        for (TransformAttribute a : attributes) {
            if (a.isKeyLength()) return OptionalInt.of(a.tvValue());
        }
        return OptionalInt.empty();
    }

    /** Decodes one transform; {@code last} reports whether its Last Substruc said so. */
    static TransformSubstructure decode(ByteReader r, boolean[] last) throws InvalidSyntaxException {
        int lastSubstruc = r.u8("transform last substruc");
        if (lastSubstruc != LAST && lastSubstruc != MORE) {
            throw new InvalidSyntaxException("transform Last Substruc " + lastSubstruc + " (must be 0 or 3)");
        }
        r.skip(1, "transform reserved");
        int length = r.u16("transform length");
        if (length < HEADER_LENGTH) throw new InvalidSyntaxException("transform length " + length);
        ByteReader t = r.slice(length - 4, "transform");
        int type = t.u8("transform type");
        t.skip(1, "transform reserved");
        int id = t.u16("transform ID");
        List<TransformAttribute> attributes = new ArrayList<>();
        while (t.hasRemaining()) attributes.add(TransformAttribute.decode(t));
        last[0] = lastSubstruc == LAST;
        return new TransformSubstructure(type, id, attributes);
    }

    void encode(ByteWriter w, boolean last) {
        int start = w.length();
        w.u8(last ? LAST : MORE).u8(0).u16(0).u8(type).u8(0).u16(id);
        for (TransformAttribute a : attributes) a.encode(w);
        w.putU16At(start + 2, w.length() - start);
    }

    @Override
    public String toString() {
        TransformType t = transformType();
        String name = String.valueOf(id);
        if (t == TransformType.ENCR && EncryptionAlgorithm.byId(id) != null) name = EncryptionAlgorithm.byId(id).name();
        if (t == TransformType.PRF && PrfAlgorithm.byId(id) != null) name = PrfAlgorithm.byId(id).name();
        if (t == TransformType.INTEG && IntegrityAlgorithm.byId(id) != null) name = IntegrityAlgorithm.byId(id).name();
        if (t == TransformType.DH && KeyExchangeGroup.byId(id) != null) name = KeyExchangeGroup.byId(id).name();
        if (t == TransformType.ESN && EsnTransformId.byId(id) != null) name = EsnTransformId.byId(id).name();
        return (t == null ? "type " + type : t.name()) + ":" + name + (attributes.isEmpty() ? "" : attributes.toString());
    }
}

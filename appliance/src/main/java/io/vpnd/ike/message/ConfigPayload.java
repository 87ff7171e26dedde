package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.ConfigAttributeType;
import io.vpnd.ike.message.IkeConstants.ConfigType;
import io.vpnd.ike.message.IkeConstants.PayloadType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Configuration payload, CP (RFC 7296 §3.15): CFG_REQUEST/CFG_REPLY for virtual IPs and DNS of
 * remote-access clients. Attribute types are kept raw (unknown ones are ignored by the receiver).
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C| RESERVED    |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   CFG Type    |                    RESERVED                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                   Configuration Attributes                    ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Configuration Attribute (RFC 7296 §3.15.1):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |R|         Attribute Type      |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                             Value                             ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class ConfigPayload extends IkePayload {
    private final int cfgType;
    private final List<Attribute> attributes;

    /**
     * One configuration attribute. An empty value in a CFG_REQUEST asks for any value.
     *
     * @param type  Attribute Type (15 bits)
     * @param value the Value octets
     */
    public record Attribute(int type, byte[] value) {
        public Attribute {
            if (type < 0 || type > 0x7fff) throw new IllegalArgumentException("attribute type " + type);
            if (value.length > 0xffff) throw new IllegalArgumentException("attribute of " + value.length + " octets");
            value = value.clone();
        }

        public Attribute(ConfigAttributeType type, byte[] value) {
            this(type.id(), value);
        }

        @Override
        public byte[] value() { return value.clone(); }

        /** The attribute type, or null when unknown. */
        public ConfigAttributeType knownType() { return ConfigAttributeType.byId(type); }

        @Override
        public String toString() {
            ConfigAttributeType t = knownType();
            return (t == null ? "attr " + type : t.name()) + "(" + hex(value, 20) + ")";
        }
    }

    public ConfigPayload(int cfgType, List<Attribute> attributes) {
        if (cfgType < 0 || cfgType > 0xff) throw new IllegalArgumentException("CFG type " + cfgType);
        this.cfgType = cfgType;
        this.attributes = List.copyOf(attributes);
    }

    public ConfigPayload(ConfigType cfgType, List<Attribute> attributes) {
        this(cfgType.id(), attributes);
    }

    public static ConfigPayload decodeBody(byte[] body) throws InvalidSyntaxException {
        ByteReader r = new ByteReader(body);
        int cfgType = r.u8("CFG type");
        r.skip(3, "CP reserved");
        List<Attribute> attributes = new ArrayList<>();
        while (r.hasRemaining()) {
            int type = r.u16("CP attribute type") & 0x7fff; // the R bit is reserved: ignored on receipt
            int length = r.u16("CP attribute length");
            attributes.add(new Attribute(type, r.bytes(length, "CP attribute value")));
        }
        return new ConfigPayload(cfgType, attributes);
    }

    public int cfgTypeId() { return cfgType; }

    public ConfigType cfgType() { return ConfigType.byId(cfgType); }

    public List<Attribute> attributes() { return attributes; }

    /** The attributes of one type, in order. */
    public List<Attribute> attributes(ConfigAttributeType type) {
        return attributes.stream().filter(a -> a.type() == type.id()).toList();
    }

    /** The first attribute of a type. */
    public Optional<Attribute> attribute(ConfigAttributeType type) {
        return attributes.stream().filter(a -> a.type() == type.id()).findFirst();
    }

    @Override
    public int typeId() { return PayloadType.CP.id(); }

    @Override
    public byte[] encodeBody() {
        ByteWriter w = new ByteWriter(4 + attributes.size() * 8).u8(cfgType).zeros(3);
        for (Attribute a : attributes) {
            byte[] v = a.value();
            w.u16(a.type()).u16(v.length).bytes(v);
        }
        return w.toByteArray();
    }

    @Override
    public String toString() {
        ConfigType t = cfgType();
        return "CP(" + (t == null ? "type " + cfgType : t) + " " + attributes + ")";
    }
}

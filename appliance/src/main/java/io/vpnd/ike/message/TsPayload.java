package io.vpnd.ike.message;

import io.vpnd.ike.message.IkeConstants.PayloadType;
import io.vpnd.ike.message.IkeConstants.TsType;
import io.vpnd.net.TrafficSelector;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Traffic Selector payload, TSi or TSr (RFC 7296 §3.13), converting to and from
 * {@link TrafficSelector}. Selectors of types other than 7/8 (e.g. TS_SECLABEL, RFC 9478) are
 * kept as {@link OtherSelector} so that they can be skipped; the number of selectors and each
 * Selector Length must match the payload exactly.
 *
 * <pre>
 *                      1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Next Payload  |C|  RESERVED   |         Payload Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Number of TSs |                 RESERVED                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                       <Traffic Selectors>                     ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Traffic Selector (RFC 7296 §3.13.1):
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   TS Type     |IP Protocol ID*|       Selector Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Start Port*         |           End Port*           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                         Starting Address*                     ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                         Ending Address*                       ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class TsPayload extends IkePayload {
    private static final int IPV4_SELECTOR_LENGTH = 16;
    private static final int IPV6_SELECTOR_LENGTH = 40;

    /** One selector of a TS payload. */
    public sealed interface Selector permits AddressRange, OtherSelector {
        int tsType();
    }

    /**
     * A TS_IPV4_ADDR_RANGE or TS_IPV6_ADDR_RANGE selector as received. It may be one that
     * {@link TrafficSelector} cannot hold (start port above end port, i.e. OPAQUE ports, or start
     * address above end address); {@link #toTrafficSelector()} is empty for those.
     */
    public record AddressRange(int ipProtocol, int startPort, int endPort, InetAddress startAddress,
                               InetAddress endAddress) implements Selector {
        public AddressRange {
            if (startAddress.getClass() != endAddress.getClass()) {
                throw new IllegalArgumentException("selector mixes address families");
            }
            if (ipProtocol < 0 || ipProtocol > 0xff || startPort < 0 || startPort > 0xffff
                    || endPort < 0 || endPort > 0xffff) {
                throw new IllegalArgumentException("bad protocol/ports " + ipProtocol + " " + startPort + "-" + endPort);
            }
        }

        public static AddressRange of(TrafficSelector ts) {
            return new AddressRange(ts.protocol(), ts.startPort(), ts.endPort(), ts.startAddress(), ts.endAddress());
        }

        @Override
        public int tsType() {
            return (startAddress instanceof Inet6Address ? TsType.TS_IPV6_ADDR_RANGE : TsType.TS_IPV4_ADDR_RANGE).id();
        }

        /** The selector as a {@link TrafficSelector}, or empty when it cannot be represented. */
        public Optional<TrafficSelector> toTrafficSelector() {
            try {
                return Optional.of(new TrafficSelector(startAddress, endAddress, ipProtocol, startPort, endPort));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return toTrafficSelector().map(TrafficSelector::toString).orElseGet(() -> startAddress.getHostAddress()
                    + "-" + endAddress.getHostAddress() + "[" + ipProtocol + "/" + startPort + "-" + endPort + "]");
        }
    }

    /**
     * A selector of a type vpnd does not interpret, kept whole (TS Type, one octet, Selector
     * Length and the rest) so that it re-encodes as received.
     */
    public record OtherSelector(int tsType, byte[] encoded) implements Selector {
        public OtherSelector {
            if (encoded.length < 4 || (encoded[0] & 0xff) != tsType
                    || (((encoded[2] & 0xff) << 8) | (encoded[3] & 0xff)) != encoded.length) {
                throw new IllegalArgumentException("selector encoding does not start with its type and length");
            }
            encoded = encoded.clone();
        }

        @Override
        public byte[] encoded() { return encoded.clone(); }

        @Override
        public String toString() { return "TS type " + tsType + " (" + encoded.length + " octets)"; }
    }

    private final boolean initiator;
    private final List<Selector> selectors;

    public TsPayload(boolean initiator, List<? extends Selector> selectors) {
        if (selectors.size() > 0xff) throw new IllegalArgumentException(selectors.size() + " selectors");
        this.initiator = initiator;
        this.selectors = List.copyOf(selectors);
    }

    /** TSi ({@code initiator}) or TSr listing the given selectors in order. */
    public static TsPayload of(boolean initiator, List<TrafficSelector> trafficSelectors) {
        return new TsPayload(initiator, trafficSelectors.stream().map(AddressRange::of).toList());
    }

    /** Decodes the body of a TSi ({@code initiator}) or TSr payload. */
    public static TsPayload decodeBody(boolean initiator, byte[] body) throws InvalidSyntaxException {
        ByteReader r = new ByteReader(body);
        int count = r.u8("number of TSs");
        r.skip(3, "TS reserved");
        List<Selector> selectors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int start = r.position();
            int type = r.u8("TS type");
            int protocol = r.u8("TS protocol");
            int length = r.u16("selector length");
            if (length < 4) throw new InvalidSyntaxException("selector length " + length);
            ByteReader s = r.slice(length - 4, "traffic selector");
            if (type == TsType.TS_IPV4_ADDR_RANGE.id() || type == TsType.TS_IPV6_ADDR_RANGE.id()) {
                int expected = type == TsType.TS_IPV4_ADDR_RANGE.id() ? IPV4_SELECTOR_LENGTH : IPV6_SELECTOR_LENGTH;
                if (length != expected) {
                    throw new InvalidSyntaxException(TsType.byId(type) + " of length " + length + " (must be " + expected + ")");
                }
                int addrLen = (expected - 8) / 2;
                int startPort = s.u16("start port");
                int endPort = s.u16("end port");
                InetAddress lo = address(s.bytes(addrLen, "starting address"));
                InetAddress hi = address(s.bytes(addrLen, "ending address"));
                selectors.add(new AddressRange(protocol, startPort, endPort, lo, hi));
            } else {
                selectors.add(new OtherSelector(type, Arrays.copyOfRange(body, start, start + length)));
            }
        }
        if (r.hasRemaining()) {
            throw new InvalidSyntaxException(r.remaining() + " octets after the " + count + " traffic selectors");
        }
        return new TsPayload(initiator, selectors);
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only 4 or 16 octets reach here
        }
    }

    /** True for TSi, false for TSr. */
    public boolean isInitiator() { return initiator; }

    public List<Selector> selectors() { return selectors; }

    /**
     * The selectors that {@link TrafficSelector} can hold, in order. Others (unknown types, OPAQUE
     * ports, reversed ranges) are left out, which narrows the set, as RFC 7296 §2.9 allows.
     */
    public List<TrafficSelector> trafficSelectors() {
        List<TrafficSelector> out = new ArrayList<>();
        for (Selector s : selectors) {
            if (s instanceof AddressRange a) a.toTrafficSelector().ifPresent(out::add);
        }
        return out;
    }

    @Override
    public int typeId() { return (initiator ? PayloadType.TSi : PayloadType.TSr).id(); }

    @Override
    public byte[] encodeBody() {
        ByteWriter w = new ByteWriter(4 + selectors.size() * IPV6_SELECTOR_LENGTH).u8(selectors.size()).zeros(3);
        for (Selector s : selectors) {
            if (s instanceof AddressRange a) {
                byte[] lo = a.startAddress().getAddress();
                byte[] hi = a.endAddress().getAddress();
                w.u8(a.tsType()).u8(a.ipProtocol()).u16(8 + lo.length + hi.length)
                        .u16(a.startPort()).u16(a.endPort()).bytes(lo).bytes(hi);
            } else {
                w.bytes(((OtherSelector) s).encoded());
            }
        }
        return w.toByteArray();
    }

    @Override
    public String toString() {
        return (initiator ? "TSi" : "TSr") + selectors;
    }
}

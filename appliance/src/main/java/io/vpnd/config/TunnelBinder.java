package io.vpnd.config;

import io.vpnd.crypto.Proposal;
import io.vpnd.crypto.ProposalParser;
import io.vpnd.net.Addresses;
import io.vpnd.net.Cidr;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Binds and checks one tunnel's block. {@link #bind()} reports every problem it finds;
 * {@link #build} assembles the {@link TunnelConfig} once the whole file is known to be clean
 * and the interface names are assigned.
 */
final class TunnelBinder {
    static final List<String> KEYS = List.of("local", "remote", "auth", "ike", "esp", "dpd", "selectors",
            "interface", "routes", "routeMetric", "start", "encap", "manual");
    private static final List<String> LOCAL_KEYS = List.of("address", "id");
    private static final List<String> REMOTE_KEYS = List.of("address", "id", "port", "natPort");
    private static final List<String> IKE_KEYS = List.of("proposals", "lifetime", "rekeyMargin", "rekeyFuzz", "reauth");
    private static final List<String> ESP_KEYS = List.of("proposals", "lifetime", "rekeyMargin", "rekeyFuzz",
            "lifeBytes", "lifePackets", "replayWindow");
    private static final List<String> DPD_KEYS = List.of("interval", "timeout", "action");
    private static final List<String> SELECTOR_KEYS = List.of("local", "remote");
    private static final List<String> INTERFACE_KEYS = List.of("name", "mtu", "address", "mss");
    private static final int MAX_REKEY_FUZZ_PERCENT = 200;

    private final String name;
    private final Block t;
    private final Field<GlobalIkeConfig> global;
    private final FileChecks files;
    private final Ec2Keywords ec2;

    private InetAddress localAddress;
    private IkeIdentity localId;
    private RemoteConfig remote;
    private Optional<AuthConfig> auth = Optional.empty();
    private IkeSaConfig ike;
    private EspConfig esp;
    private DpdConfig dpd;
    private SelectorsConfig selectors;
    private Field<String> interfaceName;
    private int mtu;
    private Optional<Cidr> interfaceAddress;
    private int mss = InterfaceConfig.MSS_AUTO;
    private List<Cidr> routes;
    private int routeMetric = TunnelConfig.DEFAULT_ROUTE_METRIC;
    private StartAction start;
    private Optional<ManualSaConfig> manual = Optional.empty();
    private ManualBinder manualBinder;

    TunnelBinder(String name, Block tunnel, Field<GlobalIkeConfig> global, FileChecks files, Ec2Keywords ec2) {
        this.name = name;
        this.t = tunnel;
        this.global = global;
        this.files = files;
        this.ec2 = ec2;
    }

    String name() {
        return name;
    }

    /** The written interface name (null value when not written), after {@link #bind()}. */
    Field<String> interfaceName() {
        return interfaceName;
    }

    /** The manual inbound SPI, or null for an IKE tunnel. */
    Field<Integer> manualSpiIn() {
        return manualBinder == null ? null : manualBinder.spiIn();
    }

    TunnelBinder bind() {
        Block manualBlock = t.block("manual", ManualBinder.KEYS);
        boolean isManual = manualBlock.given();
        bindEndpoints(isManual);
        Block authBlock = t.block("auth", AuthBinder.KEYS);
        if (authBlock.given()) {
            auth = AuthBinder.bind(authBlock, files);
        } else if (!isManual) {
            t.missing("auth");
        }
        ike = bindIkeSa(t.block("ike", IKE_KEYS));
        esp = bindEsp(t.block("esp", ESP_KEYS));
        dpd = bindDpd(t.block("dpd", DPD_KEYS));
        Field<SelectorsConfig> sel = bindSelectors(t.block("selectors", SELECTOR_KEYS));
        selectors = sel.value();
        Field<List<Field<Cidr>>> routeFields = t.list("routes", ValueParser.text(Cidr::parseNetwork));
        routes = routeFields.value().stream().map(Field::value).toList();
        if (sel.ok()) checkRoutes(routeFields.value());
        Field<Integer> metric = t.optional("routeMetric", ValueParser.smallInteger(0, 65535), TunnelConfig.DEFAULT_ROUTE_METRIC);
        if (metric.ok()) routeMetric = metric.value();
        bindInterface(t.block("interface", INTERFACE_KEYS));
        bindStart(isManual);
        Field<Boolean> encap = t.optional("encap", ValueParser.bool(), true);
        if (encap.ok() && !encap.value()) {
            t.problem("encap", "encap: false is not supported: vpnd's data plane carries ESP only in UDP"
                    + " (RFC 3948, on natPort)");
        }
        if (isManual) {
            manualBinder = new ManualBinder(manualBlock);
            manual = manualBinder.bind();
        }
        return this;
    }

    Optional<TunnelConfig> build(String assignedInterfaceName) {
        if (localAddress == null || remote == null || (manual.isEmpty() && auth.isEmpty())) return Optional.empty();
        IkeIdentity id = localId != null ? localId : IkeIdentity.ofAddress(localAddress);
        return Optional.of(new TunnelConfig(name, new LocalConfig(localAddress, id), remote, auth, ike, esp, dpd,
                selectors, new InterfaceConfig(assignedInterfaceName, mtu, interfaceAddress, mss), routes, start, true,
                manual, routeMetric));
    }

    private static ValueParser<InetAddress> unicast() {
        return ValueParser.text(text -> {
            InetAddress a = Addresses.parse(text);
            if (a.isAnyLocalAddress()) {
                throw new IllegalArgumentException("\"" + text + "\" is a wildcard; write this tunnel's own address");
            }
            if (a.isMulticastAddress()) throw new IllegalArgumentException("\"" + text + "\" is a multicast address");
            return a;
        });
    }

    /** An address literal, or ec2-local-ip: the instance's private address, from EC2 instance metadata. */
    private ValueParser<InetAddress> localAddress() {
        ValueParser<InetAddress> literal = unicast();
        return scalar -> Ec2Keywords.LOCAL_IP.equals(scalar.text().strip()) ? ec2.localIpv4() : literal.parse(scalar);
    }

    /** An identity, or ec2-public-ip: the Elastic IP peers see behind EC2's 1:1 NAT, from instance metadata. */
    private ValueParser<IkeIdentity> localIdentity() {
        return ValueParser.text(text -> Ec2Keywords.PUBLIC_IP.equals(text.strip())
                ? IkeIdentity.ofAddress(ec2.publicIpv4()) : IkeIdentity.parse(text));
    }

    private void bindEndpoints(boolean isManual) {
        Block l = t.block("local", LOCAL_KEYS);
        Block r = t.requiredBlock("remote", REMOTE_KEYS);
        GlobalIkeConfig g = global.value();
        Field<InetAddress> local;
        if (l.has("address")) {
            local = l.required("address", localAddress());
            checkAgainstGlobal(l, local);
        } else if (global.ok() && !g.isWildcard()) {
            local = new Field<>(g.address(), true, false, l.mark(), l.pathOf("address"));
        } else {
            String why = " (ike.address " + Addresses.format(g.address()) + " is a wildcard, so each tunnel names"
                    + " the local address its packets leave from)";
            if (l.given()) l.missing("address", why);
            else t.missing("local", why);
            local = new Field<>(null, false, false, l.mark(), l.pathOf("address"));
        }
        localAddress = local.ok() ? local.value() : null;
        localId = l.optional("id", localIdentity(), null).value();

        Field<Optional<InetAddress>> peer = r.required("address", scalar -> {
            String s = scalar.text().strip();
            if (s.equalsIgnoreCase("any") || s.equalsIgnoreCase("%any")) return Optional.empty();
            return Optional.of(unicast().parse(scalar));
        });
        if (peer.ok() && local.ok() && peer.value().isPresent()
                && Addresses.isIpv6(peer.value().get()) != Addresses.isIpv6(local.value())) {
            r.problem("address", Addresses.family(peer.value().get()) + " address "
                    + Addresses.format(peer.value().get()) + " cannot pair with the "
                    + Addresses.family(local.value()) + " local address " + Addresses.format(local.value()));
        }
        if (peer.ok() && peer.value().isEmpty() && isManual) {
            r.problem("address", "manual keying needs the peer's address, not any");
        }
        Field<IkeIdentity> remoteId = r.optional("id", ValueParser.text(IkeIdentity::parse), null);
        Field<Integer> port = r.optional("port", ValueParser.smallInteger(1, 65535), g.port());
        Field<Integer> natPort = r.optional("natPort", ValueParser.smallInteger(1, 65535), g.natPort());
        if (peer.ok()) {
            Optional<IkeIdentity> id = Optional.ofNullable(remoteId.value())
                    .or(() -> peer.value().map(IkeIdentity::ofAddress));
            remote = new RemoteConfig(peer.value(), id, port.value(), natPort.value());
        }
    }

    /** The IKE and NAT-T sockets bind to ike.address, so a tunnel can only send from what they cover. */
    private void checkAgainstGlobal(Block l, Field<InetAddress> local) {
        if (!local.ok() || !global.ok()) return;
        InetAddress bound = global.value().address();
        String mine = Addresses.format(local.value());
        if (!bound.isAnyLocalAddress()) {
            if (!bound.equals(local.value())) {
                l.problem("address", mine + " differs from ike.address " + Addresses.format(bound)
                        + ", where the IKE and NAT-T sockets bind (make them equal, or bind ike.address to 0.0.0.0)");
            }
        } else if (!Addresses.isIpv6(bound) && Addresses.isIpv6(local.value())) {
            l.problem("address", mine + " is IPv6, but ike.address 0.0.0.0 binds IPv4 only (use :: to bind"
                    + " both families)");
        }
    }

    private IkeSaConfig bindIkeSa(Block b) {
        List<Proposal> proposals = proposals(b, ProposalParser::parseIke, IkeSaConfig.DEFAULT_PROPOSALS);
        Field<Duration> lifetime = b.optional("lifetime", positiveDuration(), IkeSaConfig.DEFAULT_LIFETIME);
        Field<Duration> margin = b.optional("rekeyMargin", positiveDuration(), IkeSaConfig.DEFAULT_REKEY_MARGIN);
        Field<Integer> fuzz = b.optional("rekeyFuzz", percent(), IkeSaConfig.DEFAULT_REKEY_FUZZ_PERCENT);
        checkRekey(b, lifetime, margin, fuzz);
        Field<Boolean> reauth = b.optional("reauth", ValueParser.bool(), false);
        return new IkeSaConfig(proposals, lifetime.value(), margin.value(), fuzz.value(), reauth.value());
    }

    private EspConfig bindEsp(Block b) {
        List<Proposal> proposals = proposals(b, ProposalParser::parseEsp, EspConfig.DEFAULT_PROPOSALS);
        Field<Duration> lifetime = b.optional("lifetime", positiveDuration(), EspConfig.DEFAULT_LIFETIME);
        Field<Duration> margin = b.optional("rekeyMargin", positiveDuration(), EspConfig.DEFAULT_REKEY_MARGIN);
        Field<Integer> fuzz = b.optional("rekeyFuzz", percent(), EspConfig.DEFAULT_REKEY_FUZZ_PERCENT);
        checkRekey(b, lifetime, margin, fuzz);
        Field<Long> lifeBytes = b.optional("lifeBytes", ValueParser.integer(0, Long.MAX_VALUE), 0L);
        Field<Long> lifePackets = b.optional("lifePackets", ValueParser.integer(0, Long.MAX_VALUE), 0L);
        Field<Integer> replay = b.optional("replayWindow", ValueParser.smallInteger(0, EspConfig.MAX_REPLAY_WINDOW),
                EspConfig.DEFAULT_REPLAY_WINDOW);
        return new EspConfig(proposals, lifetime.value(), margin.value(), fuzz.value(), lifeBytes.value(),
                lifePackets.value(), replay.value());
    }

    /** A list of proposals; an item may hold several separated by commas, as in ipsec.conf. */
    private static List<Proposal> proposals(Block b, Function<String, Proposal> parser, List<String> defaults) {
        if (!b.has("proposals")) return defaults.stream().map(parser).toList();
        Field<List<Field<List<Proposal>>>> items = b.list("proposals", ValueParser.text(text -> {
            List<Proposal> list = new ArrayList<>();
            for (String one : text.split(",")) list.add(parser.apply(one));
            return list;
        }));
        if (items.ok() && items.value().isEmpty()) {
            b.problem("proposals", "list at least one proposal (e.g. " + defaults.get(0) + ")");
        }
        return items.value().stream().flatMap(f -> f.value().stream()).toList();
    }

    private static ValueParser<Duration> positiveDuration() {
        return ValueParser.text(text -> {
            Duration d = Durations.parse(text);
            if (d.isZero()) throw new IllegalArgumentException("must be longer than 0s");
            return d;
        });
    }

    private static ValueParser<Integer> percent() {
        return ValueParser.text(text -> {
            String s = text.strip();
            if (s.endsWith("%")) s = s.substring(0, s.length() - 1).strip();
            if (!s.matches("\\d{1,9}")) {
                throw new IllegalArgumentException("\"" + text + "\" is not a percentage (e.g. 10%)");
            }
            int p = Integer.parseInt(s);
            if (p > MAX_REKEY_FUZZ_PERCENT) {
                throw new IllegalArgumentException(p + "% is out of range 0.." + MAX_REKEY_FUZZ_PERCENT + "%");
            }
            return p;
        });
    }

    private static void checkRekey(Block b, Field<Duration> lifetime, Field<Duration> margin, Field<Integer> fuzz) {
        if (!lifetime.ok() || !margin.ok() || !fuzz.ok()) return;
        String life = Durations.format(lifetime.value());
        String m = Durations.format(margin.value());
        if (margin.value().compareTo(lifetime.value()) >= 0) {
            b.problem(margin.given() ? "rekeyMargin" : "lifetime", "rekeyMargin " + m
                    + " must be shorter than lifetime " + life);
        } else if (!RekeyTiming.fits(lifetime.value(), margin.value(), fuzz.value())) {
            Duration worst = margin.value().plus(margin.value().multipliedBy(fuzz.value()).dividedBy(100));
            b.problem(fuzz.given() ? "rekeyFuzz" : "rekeyMargin", "rekeyMargin " + m + " plus up to " + fuzz.value()
                    + "% of it as rekeyFuzz (" + Durations.format(worst) + ") must be shorter than lifetime " + life);
        }
    }

    private DpdConfig bindDpd(Block b) {
        Field<Duration> interval = b.optional("interval", positiveDuration(), DpdConfig.DEFAULT.interval());
        Field<Duration> timeout = b.optional("timeout", positiveDuration(), DpdConfig.DEFAULT.timeout());
        Field<DpdConfig.DpdAction> action = b.optional("action", ValueParser.choice(DpdConfig.DpdAction.class),
                DpdConfig.DEFAULT.action());
        if (interval.ok() && timeout.ok() && timeout.value().compareTo(interval.value()) < 0) {
            b.problem(timeout.given() ? "timeout" : "interval", "timeout " + Durations.format(timeout.value())
                    + " is shorter than interval " + Durations.format(interval.value())
                    + "; the peer must get at least one interval to answer");
        }
        return new DpdConfig(interval.value(), timeout.value(), action.value());
    }

    private Field<SelectorsConfig> bindSelectors(Block b) {
        if (!b.given()) return new Field<>(SelectorsConfig.ANY_IPV4, true, false, b.mark(), b.path());
        Field<List<Field<Cidr>>> local = b.list("local", ValueParser.text(Cidr::parseNetwork));
        Field<List<Field<Cidr>>> remoteSel = b.list("remote", ValueParser.text(Cidr::parseNetwork));
        boolean ok = local.ok() && remoteSel.ok();
        if (!local.given() || !remoteSel.given()) {
            String only = local.given() ? " (only local is given)" : remoteSel.given() ? " (only remote is given)" : "";
            b.problem("give both local and remote selectors" + only);
            ok = false;
        }
        for (Field<List<Field<Cidr>>> side : List.of(local, remoteSel)) {
            if (side.given() && side.ok() && side.value().isEmpty()) {
                b.problem(side == local ? "local" : "remote", "list at least one CIDR (e.g. 0.0.0.0/0)");
                ok = false;
            }
        }
        if (ok) {
            ok = checkFamiliesPair(local.value(), remoteSel.value(), "remote")
                    & checkFamiliesPair(remoteSel.value(), local.value(), "local");
        }
        SelectorsConfig value = new SelectorsConfig(local.value().stream().map(Field::value).toList(),
                remoteSel.value().stream().map(Field::value).toList());
        return new Field<>(value, ok, true, b.mark(), b.path());
    }

    /** Each selector needs one of its family on the other side, or the Child SA could never carry it. */
    private boolean checkFamiliesPair(List<Field<Cidr>> side, List<Field<Cidr>> other, String otherName) {
        boolean ok = true;
        for (Field<Cidr> s : side) {
            boolean paired = other.stream().anyMatch(o -> o.value().isIpv6() == s.value().isIpv6());
            if (!paired) {
                t.problems().add(s.mark(), s.path(), (s.value().isIpv6() ? "IPv6" : "IPv4") + " selector "
                        + s.value() + " has no " + (s.value().isIpv6() ? "IPv6" : "IPv4") + " selector in selectors."
                        + otherName + " to pair with");
                ok = false;
            }
        }
        return ok;
    }

    /** A route outside every remote selector sends packets that no SA may carry. */
    private void checkRoutes(List<Field<Cidr>> routeFields) {
        for (Field<Cidr> route : routeFields) {
            boolean covered = selectors.remote().stream().anyMatch(s -> s.contains(route.value()));
            if (!covered) {
                t.problems().add(route.mark(), route.path(), "route " + route.value()
                        + " is outside every remote selector " + selectors.remote()
                        + "; its packets would match no SA and be dropped");
            }
        }
    }

    private void bindInterface(Block b) {
        interfaceName = b.optional("name", ValueParser.text(InterfaceNames::parse), null);
        Field<Integer> mtuField = b.optional("mtu",
                ValueParser.smallInteger(InterfaceConfig.MIN_MTU, InterfaceConfig.MAX_MTU), InterfaceConfig.DEFAULT_MTU);
        Field<Cidr> address = b.optional("address", ValueParser.text(Cidr::parseInterfaceAddress), null);
        mtu = mtuField.value();
        interfaceAddress = Optional.ofNullable(address.value());
        Field<Integer> mssField = b.optional("mss", ValueParser.text(text -> {
            String v = text.strip();
            if (v.equals("auto")) return InterfaceConfig.MSS_AUTO;
            if (v.equals("off")) return InterfaceConfig.MSS_OFF;
            if (!v.matches("\\d{1,5}")) throw new IllegalArgumentException("\"" + text + "\" is not auto, off or a number");
            int n = Integer.parseInt(v);
            if (n < InterfaceConfig.MIN_MSS || n > InterfaceConfig.MAX_MTU - 40) {
                throw new IllegalArgumentException(n + " is out of range " + InterfaceConfig.MIN_MSS + ".." + (InterfaceConfig.MAX_MTU - 40));
            }
            return n;
        }), InterfaceConfig.MSS_AUTO);
        mss = mssField.value() == null ? InterfaceConfig.MSS_AUTO : mssField.value();
        if (mssField.ok() && mss > 0 && mtuField.ok() && mss > mtu - 40) {
            b.problem("mss", "mss " + mss + " does not fit mtu " + mtu + " (at most " + (mtu - 40) + ")");
        }
        Optional<Cidr> ipv6 = selectors.local().stream().filter(Cidr::isIpv6).findFirst()
                .or(() -> selectors.remote().stream().filter(Cidr::isIpv6).findFirst())
                .or(() -> routes.stream().filter(Cidr::isIpv6).findFirst())
                .or(() -> interfaceAddress.filter(Cidr::isIpv6));
        if (mtuField.ok() && mtu < InterfaceConfig.MIN_IPV6_MTU && ipv6.isPresent()) {
            b.problem("mtu", "mtu " + mtu + " is below " + InterfaceConfig.MIN_IPV6_MTU + ", the IPv6 minimum"
                    + " (RFC 8200), and this tunnel carries IPv6 (" + ipv6.get() + ")");
        }
    }

    private void bindStart(boolean isManual) {
        Field<StartAction> field = t.optional("start", ValueParser.choice(StartAction.class), null);
        boolean any = remote != null && remote.isAny();
        start = field.value() != null ? field.value() : any ? StartAction.RESPOND : StartAction.INITIATE;
        if (!isManual && any && field.value() == StartAction.INITIATE) {
            t.problem("start", "cannot initiate to remote address any; use start: respond, or give the peer's address");
        }
    }
}

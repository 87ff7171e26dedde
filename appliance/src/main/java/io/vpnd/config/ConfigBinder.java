package io.vpnd.config;

import io.vpnd.ec2.InstanceMetadataClient;
import io.vpnd.net.Addresses;
import io.vpnd.net.HostPort;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Binds the top-level sections of the document and runs the checks that span tunnels
 * (interface names, inbound SPIs). Tunnels are bound by {@link TunnelBinder}.
 */
final class ConfigBinder {
    static final List<String> TOP_KEYS = List.of("api", "metrics", "ike", "dataplane", "tunnels");
    private static final List<String> API_KEYS = List.of("socket", "group", "https");
    private static final List<String> HTTPS_KEYS = List.of("listen", "cert", "key", "clientCa");
    private static final List<String> METRICS_KEYS = List.of("prometheus", "tls");
    private static final List<String> TLS_KEYS = List.of("cert", "key", "clientCa");
    private static final List<String> IKE_KEYS = List.of("address", "port", "natPort");
    private static final List<String> DATAPLANE_KEYS = List.of("threads", "offload");

    /** Linux sockaddr_un.sun_path is 108 octets including the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;
    private static final Pattern GROUP_NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern TUNNEL_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int MAX_DATAPLANE_THREADS = 1024;

    private final Problems problems;
    private final FileChecks files;
    private final Ec2Keywords ec2 = new Ec2Keywords(InstanceMetadataClient::fromEnvironment);

    ConfigBinder(Problems problems, Path baseDir) {
        this.problems = problems;
        this.files = new FileChecks(baseDir);
    }

    /** Binds the document; returns null when any problem was found (all of them reported). */
    VpndConfig bind(YamlNode.Mapping document, Path source) {
        Block root = Block.root(document, problems, TOP_KEYS);
        ApiConfig api = bindApi(root.block("api", API_KEYS));
        MetricsConfig metrics = bindMetrics(root.block("metrics", METRICS_KEYS));
        Field<GlobalIkeConfig> ike = bindIke(root.block("ike", IKE_KEYS));
        DataplaneConfig dataplane = bindDataplane(root.block("dataplane", DATAPLANE_KEYS));
        List<TunnelBinder> tunnels = bindTunnels(root, ike);
        Map<String, String> interfaceNames = new InterfaceNames(problems).assign(tunnels);
        checkInboundSpis(tunnels);
        if (!problems.isEmpty()) return null;

        Map<String, TunnelConfig> built = new LinkedHashMap<>();
        for (TunnelBinder t : tunnels) {
            t.build(interfaceNames.get(t.name())).ifPresent(c -> built.put(c.name(), c));
        }
        if (!problems.isEmpty()) return null;
        return new VpndConfig(source, api, metrics, ike.value(), dataplane, built);
    }

    private ApiConfig bindApi(Block b) {
        Field<Path> socket = b.optional("socket", files.path(), ApiConfig.DEFAULT_SOCKET);
        if (socket.ok() && socket.value().toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            b.problem("socket", "\"" + socket.value() + "\" is longer than the " + MAX_SOCKET_PATH
                    + " octets a unix socket path may have");
        }
        Field<String> group = b.optional("group", ValueParser.text(t -> {
            if (!GROUP_NAME.matcher(t.strip()).matches()) {
                throw new IllegalArgumentException("\"" + t + "\" is not a valid unix group name");
            }
            return t.strip();
        }), null);
        Optional<ApiConfig.HttpsConfig> https = Optional.empty();
        Block h = b.block("https", HTTPS_KEYS);
        if (h.given()) {
            Field<HostPort> listen = h.required("listen", ValueParser.text(HostPort::parse));
            Field<Path> cert = h.required("cert", files.readableFile());
            Field<Path> key = h.required("key", files.readableFile());
            Field<Path> clientCa = h.required("clientCa", files.readableFile());
            if (listen.ok() && cert.ok() && key.ok() && clientCa.ok()) {
                https = Optional.of(new ApiConfig.HttpsConfig(listen.value(), cert.value(), key.value(),
                        clientCa.value()));
            }
        }
        return new ApiConfig(socket.value(), Optional.ofNullable(group.value()), https);
    }

    private MetricsConfig bindMetrics(Block b) {
        Field<HostPort> prometheus = b.optional("prometheus", ValueParser.text(HostPort::parse), null);
        Optional<MetricsConfig.TlsConfig> tls = Optional.empty();
        Block t = b.block("tls", TLS_KEYS);
        if (t.given()) {
            if (!b.has("prometheus")) {
                b.problem("tls", "tls needs prometheus, the endpoint to serve (e.g. prometheus: 127.0.0.1:9469)");
            }
            Field<Path> cert = t.required("cert", files.readableFile());
            Field<Path> key = t.required("key", files.readableFile());
            Field<Path> clientCa = t.optional("clientCa", files.readableFile(), null);
            if (cert.ok() && key.ok() && clientCa.ok()) {
                tls = Optional.of(new MetricsConfig.TlsConfig(cert.value(), key.value(),
                        Optional.ofNullable(clientCa.value())));
            }
        }
        return new MetricsConfig(Optional.ofNullable(prometheus.value()), tls);
    }

    private Field<GlobalIkeConfig> bindIke(Block b) {
        Field<InetAddress> address = b.optional("address", ValueParser.text(t -> {
            InetAddress a = Addresses.parse(t);
            if (a.isMulticastAddress()) throw new IllegalArgumentException("\"" + t + "\" is a multicast address");
            return a;
        }), Addresses.parse("0.0.0.0"));
        Field<Integer> port = b.optional("port", ValueParser.smallInteger(1, 65535), GlobalIkeConfig.DEFAULT_PORT);
        Field<Integer> natPort = b.optional("natPort", ValueParser.smallInteger(1, 65535),
                GlobalIkeConfig.DEFAULT_NAT_PORT);
        if (port.ok() && natPort.ok() && port.value().equals(natPort.value())) {
            b.problem(natPort.given() ? "natPort" : "port", "port and natPort are both " + port.value()
                    + "; IKE and NAT-T need separate sockets");
        }
        GlobalIkeConfig ike = new GlobalIkeConfig(address.value(), port.value(), natPort.value());
        return new Field<>(ike, address.ok() && port.ok() && natPort.ok(), b.given(), b.mark(), b.path());
    }

    private DataplaneConfig bindDataplane(Block b) {
        Field<Integer> threads = b.optional("threads", ValueParser.smallInteger(0, MAX_DATAPLANE_THREADS), 0);
        Field<Boolean> offload = b.optional("offload", ValueParser.bool(), true);
        return new DataplaneConfig(threads.value(), offload.value());
    }

    private List<TunnelBinder> bindTunnels(Block root, Field<GlobalIkeConfig> ike) {
        List<TunnelBinder> tunnels = new ArrayList<>();
        YamlNode.Entry entry = root.entry("tunnels");
        if (entry == null) return tunnels;
        if (entry.value() instanceof YamlNode.Scalar s && s.isNull()) return tunnels;
        if (!(entry.value() instanceof YamlNode.Mapping byName)) {
            problems.add(entry.value().mark(), "tunnels", "expected tunnels by name (name: {local: ..., remote: ...}),"
                    + " found " + entry.value().describe());
            return tunnels;
        }
        for (YamlNode.Entry t : byName.entries().values()) {
            String path = "tunnels." + t.key();
            if (!TUNNEL_NAME.matcher(t.key()).matches()) {
                problems.add(t.keyMark(), path, "tunnel name \"" + t.key() + "\" must be 1..64 characters of"
                        + " A-Z a-z 0-9 . _ -");
            }
            if (!(t.value() instanceof YamlNode.Mapping body)) {
                problems.add(t.value().mark(), path, "expected the tunnel's block of keys (local, remote, auth, ...),"
                        + " found " + t.value().describe());
                continue;
            }
            Block block = Block.of(body, path, t.keyMark(), problems, TunnelBinder.KEYS);
            tunnels.add(new TunnelBinder(t.key(), block, ike, files, ec2).bind());
        }
        return tunnels;
    }

    /** The data plane finds inbound SAs by SPI alone, so static inbound SPIs must be unique. */
    private void checkInboundSpis(List<TunnelBinder> tunnels) {
        Map<Integer, String> owners = new LinkedHashMap<>();
        for (TunnelBinder t : tunnels) {
            Field<Integer> spi = t.manualSpiIn();
            if (spi == null || !spi.ok()) continue;
            String owner = owners.putIfAbsent(spi.value(), t.name());
            if (owner != null) {
                problems.add(spi.mark(), spi.path(), String.format("spiIn 0x%08x is already the inbound SPI of"
                        + " tunnel %s; inbound SPIs must be unique", spi.value(), owner));
            }
        }
    }
}

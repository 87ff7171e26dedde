package io.vpnd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code vpnctl [--socket PATH | --host HOST:PORT --cert F --key F [--cacert F]] COMMAND}: the admin
 * CLI of a running vpnd. Listings print a table, or vpnd's JSON with {@code --json}. Exit status:
 * 0 success, 1 failure (vpnd unreachable, or it refused), 2 usage error.
 */
@Command(name = "vpnctl", mixinStandardHelpOptions = true, versionProvider = Vpnctl.Version.class,
        description = "Drives a running vpnd through its management API.",
        footer = {"", "Exit status: 0 success, 1 failure (vpnd unreachable or refused the request), 2 usage error.",
                "The socket is also taken from $VPND_SOCKET."})
public final class Vpnctl implements Callable<Integer> {

    static final Path DEFAULT_SOCKET = Path.of("/run/vpnd/vpnd.sock");
    static final String SOCKET_ENV = "VPND_SOCKET";
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;
    private static final String MISSING_COMMAND = "missing command";

    @Spec
    CommandSpec spec;

    @Option(names = "--socket", paramLabel = "PATH", scope = ScopeType.INHERIT,
            description = "vpnd's management socket (default: $VPND_SOCKET, else " + "/run/vpnd/vpnd.sock)")
    Path socket;

    @Option(names = "--host", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
            description = "a remote vpnd's HTTPS API (api.https.listen), with a client certificate")
    String host;

    @Option(names = "--cert", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "client certificate (PEM) for --host")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "its private key (PEM: PKCS#8, PKCS#1 RSA or SEC1 EC; not encrypted)")
    Path key;

    @Option(names = "--cacert", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "CA certificate(s) (PEM) that issued vpnd's certificate (default: the JDK's trust store)")
    Path caCert;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60", scope = ScopeType.INHERIT,
            description = "give up after this long (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    /** Indented like jq's output ({@code "name": "aws-1"}, one array element per line), which admins know. */
    private static final DefaultPrettyPrinter JQ_STYLE = new DefaultPrettyPrinter()
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
            .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""));

    private final Map<String, String> env;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    Vpnctl(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err, System.getenv(), Clock.systemUTC()));
    }

    /** Runs one command line; what {@link #main} does, minus the process. */
    static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, Clock clock) {
        CommandLine commandLine = new CommandLine(new Vpnctl(env, clock));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setParameterExceptionHandler(Vpnctl::usageError);
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable cause = e;
            while (cause instanceof CommandLine.ExecutionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            cmd.getErr().println(cause instanceof VpnctlException ? "vpnctl: " + cause.getMessage()
                    : "vpnctl: internal error: " + cause);
            return EXIT_FAILURE;
        });
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("vpnctl: " + e.getMessage());
        if (cmd.getParent() == null && e.getMessage().startsWith(MISSING_COMMAND)) {
            err.println();
            cmd.usage(err); // no command at all: show what there is
        } else {
            err.print(cmd.getHelp().fullSynopsis());
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        return EXIT_USAGE;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), MISSING_COMMAND + ": one of status, up, down, reload, sas, routes");
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Tunnels: state and since when, peer, interface, traffic, drops, why.")
    int status(@Option(names = "--json", description = "print vpnd's JSON instead of a table") boolean asJson)
            throws VpnctlException {
        return list("/v1/status", asJson, body -> Listings.tunnels(body, clock.instant()));
    }

    @Command(name = "sas", mixinStandardHelpOptions = true,
            description = "IKE and Child SAs: SPIs, algorithms, age, next rekey, traffic, selectors.")
    int sas(@Option(names = "--json", description = "print vpnd's JSON instead of a table") boolean asJson)
            throws VpnctlException {
        return list("/v1/sas", asJson, body -> Listings.sas(body, clock.instant()));
    }

    @Command(name = "routes", mixinStandardHelpOptions = true,
            description = "Routes vpnd holds: destination, tunnel, interface, metric, whether installed.")
    int routes(@Option(names = "--json", description = "print vpnd's JSON instead of a table") boolean asJson)
            throws VpnctlException {
        return list("/v1/routes", asJson, Listings::routes);
    }

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Brings a tunnel up (initiates it).")
    int up(@Parameters(paramLabel = "NAME", description = "tunnel name") String name,
           @Option(names = "--json", description = "print vpnd's JSON answer") boolean asJson)
            throws VpnctlException {
        return action("/v1/tunnels/" + encodeSegment(name) + "/up", asJson);
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Takes a tunnel down (deletes its SAs, withdraws its routes) until up or reload.")
    int down(@Parameters(paramLabel = "NAME", description = "tunnel name") String name,
             @Option(names = "--json", description = "print vpnd's JSON answer") boolean asJson)
            throws VpnctlException {
        return action("/v1/tunnels/" + encodeSegment(name) + "/down", asJson);
    }

    @Command(name = "reload", mixinStandardHelpOptions = true,
            description = "Re-reads vpnd's configuration file and applies the difference.")
    int reload(@Option(names = "--json", description = "print vpnd's JSON answer") boolean asJson)
            throws VpnctlException {
        return action("/v1/reload", asJson);
    }

    private int list(String path, boolean asJson, Function<JsonNode, String> table) throws VpnctlException {
        JsonNode body = call("GET", path);
        spec.commandLine().getOut().print(asJson ? pretty(body) : table.apply(body));
        return EXIT_OK;
    }

    private int action(String path, boolean asJson) throws VpnctlException {
        JsonNode body = call("POST", path);
        boolean ok = body.path("ok").asBoolean(false);
        String message = body.path("message").asText("");
        if (asJson) {
            spec.commandLine().getOut().print(pretty(body));
        } else if (ok) {
            spec.commandLine().getOut().println(message);
        } else {
            spec.commandLine().getErr().println("vpnctl: " + (message.isEmpty() ? "vpnd refused" : message));
        }
        return ok ? EXIT_OK : EXIT_FAILURE;
    }

    /** One request; the JSON object of a 2xx answer, or the daemon's {@code error} as an exception. */
    private JsonNode call(String method, String path) throws VpnctlException {
        ApiResponse response = client().send(method, path);
        JsonNode body;
        try {
            body = json.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (response.status() >= 400) {
            if (body != null && body.hasNonNull("error")) {
                throw new VpnctlException(body.get("error").asText());
            }
            throw new VpnctlException("vpnd answered HTTP " + response.status() + ": " + abbreviate(response.bodyText()));
        }
        if (body == null || !body.isObject()) {
            throw new VpnctlException("unexpected answer from vpnd (HTTP " + response.status() + ", not JSON): "
                    + abbreviate(response.bodyText()));
        }
        return body;
    }

    private ApiClient client() throws VpnctlException {
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        if (timeoutSeconds <= 0) {
            throw usage("--timeout must be at least 1 second");
        }
        if (host == null) {
            if (cert != null || key != null || caCert != null) {
                throw usage("--cert, --key and --cacert apply only with --host");
            }
            return new UnixSocketApiClient(socketPath(), timeout);
        }
        if (socket != null) {
            throw usage("--socket and --host cannot be combined");
        }
        if (cert == null || key == null) {
            throw usage("--host needs --cert and --key: vpnd's HTTPS API requires a client certificate");
        }
        URI uri;
        try {
            uri = URI.create("https://" + host);
        } catch (IllegalArgumentException e) {
            throw usage("--host: expected HOST:PORT, got '" + host + "'");
        }
        if (uri.getHost() == null || uri.getPort() <= 0 || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())) {
            throw usage("--host: expected HOST:PORT (IPv6 as [ADDR]:PORT), got '" + host + "'");
        }
        return new HttpsApiClient(host, PemTls.clientContext(cert, key, caCert), timeout);
    }

    Path socketPath() {
        if (socket != null) {
            return socket;
        }
        String fromEnv = env.get(SOCKET_ENV);
        return fromEnv != null && !fromEnv.isEmpty() ? Path.of(fromEnv) : DEFAULT_SOCKET;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private String pretty(JsonNode body) throws VpnctlException {
        try {
            return json.writer(JQ_STYLE).writeValueAsString(body) + "\n";
        } catch (IOException e) {
            throw new VpnctlException("cannot print JSON: " + e.getMessage(), e);
        }
    }

    /** Path segments are percent-encoded so that any tunnel name reaches vpnd intact. */
    static String encodeSegment(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String s) {
        String line = s.strip().replace('\n', ' ');
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }

    /** The version from the jar manifest, when built by Maven. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Vpnctl.class.getPackage().getImplementationVersion();
            return new String[] {"vpnctl " + (version != null ? version : "(development build)")};
        }
    }
}

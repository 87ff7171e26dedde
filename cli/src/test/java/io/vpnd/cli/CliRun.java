package io.vpnd.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Runs vpnctl in-process with captured output and a fixed clock. */
record CliRun(int exit, String out, String err) {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T13:00:00Z"), ZoneOffset.UTC);

    static CliRun run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Vpnctl.run(args, new PrintWriter(out), new PrintWriter(err), env, CLOCK);
        return new CliRun(exit, out.toString(), err.toString());
    }

    static CliRun run(String... args) {
        return run(Map.of(), args);
    }
}

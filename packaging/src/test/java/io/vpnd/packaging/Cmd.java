package io.vpnd.packaging;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion with a time limit, stdin from /dev/null, and captures its output. */
final class Cmd {
    /** What a finished command left behind. */
    record Result(List<String> command, int exit, String out, String err) {
        Result ok() {
            if (exit != 0) throw new AssertionError("command failed (" + exit + "): " + String.join(" ", command)
                    + "\nstdout: " + out + "\nstderr: " + err);
            return this;
        }
    }

    static final Duration DEFAULT = Duration.ofSeconds(60);

    private Cmd() {
    }

    static Result run(String... command) {
        return run(DEFAULT, Arrays.asList(command));
    }

    static Result run(Duration timeout, List<String> command) {
        try {
            Path out = Files.createTempFile("vpnd-cmd", ".out");
            Path err = Files.createTempFile("vpnd-cmd", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    return new Result(command, -1, Files.readString(out, StandardCharsets.UTF_8),
                            "timed out after " + timeout + "\n" + Files.readString(err, StandardCharsets.UTF_8));
                }
                return new Result(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /** {@code ip netns exec NS command...}. */
    static List<String> inNetns(String ns, List<String> command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(command);
        return c;
    }
}

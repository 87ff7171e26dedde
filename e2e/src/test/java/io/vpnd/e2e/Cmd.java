package io.vpnd.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion with a time limit and captures its output. */
public final class Cmd {
    /** What a finished command left behind. */
    public record Result(List<String> command, int exit, String out, String err) {
        public Result ok() {
            if (exit != 0) throw new AssertionError("command failed (" + exit + "): " + String.join(" ", command)
                    + "\nstdout: " + out + "\nstderr: " + err);
            return this;
        }
    }

    private Cmd() {
    }

    public static Result run(Duration timeout, String... command) {
        return run(timeout, Arrays.asList(command));
    }

    public static Result run(Duration timeout, List<String> command) {
        try {
            Path out = Files.createTempFile("vpnd-cmd", ".out");
            Path err = Files.createTempFile("vpnd-cmd", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
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
    public static List<String> inNetns(String ns, String... command) {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(Arrays.asList(command));
        return c;
    }
}

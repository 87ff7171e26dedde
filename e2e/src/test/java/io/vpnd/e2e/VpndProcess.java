package io.vpnd.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code bin/vpnd --config FILE} started in a namespace, as an admin would start it. Stopped
 * with SIGTERM by pid (the launcher execs java, so the pid is the daemon's).
 */
public final class VpndProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path home;
    private final Path config;
    private final Path socket;
    private final Path log;
    private final Process process;

    private VpndProcess(Path home, Path config, Path socket, Path log, Process process) {
        this.home = home;
        this.config = config;
        this.socket = socket;
        this.log = log;
        this.process = process;
    }

    /** Starts vpnd in {@code netns} and waits until its management socket answers. */
    public static VpndProcess start(String netns, Path config, Path socket, Duration timeout) throws IOException {
        Path home = Prerequisites.requireBuiltVpnd();
        Path log = config.resolveSibling(config.getFileName() + ".log");
        Process p = new ProcessBuilder(Cmd.inNetns(netns, home.resolve("bin/vpnd").toString(), "--config", config.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        VpndProcess v = new VpndProcess(home, config, socket, log, p);
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (!p.isAlive()) throw new AssertionError("vpnd exited with " + p.exitValue() + ":\n" + v.log());
            if (Files.exists(socket) && v.vpnctl("status").exit() == 0) return v;
            sleep(200);
        }
        v.close();
        throw new AssertionError("vpnd did not answer on " + socket + " within " + timeout + ":\n" + v.log());
    }

    /** Runs {@code bin/vpnctl --socket S args...}. */
    public Cmd.Result vpnctl(String... args) {
        List<String> c = new ArrayList<>(List.of(home.resolve("bin/vpnctl").toString(), "--socket", socket.toString()));
        c.addAll(List.of(args));
        return Cmd.run(Duration.ofSeconds(30), c);
    }

    /** {@code vpnctl status --json}, parsed. */
    public JsonNode status() {
        Cmd.Result r = vpnctl("status", "--json").ok();
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("vpnctl status --json printed no JSON: " + r.out(), e);
        }
    }

    /** The status entry of one tunnel. */
    public JsonNode tunnel(String name) {
        for (JsonNode t : status().path("tunnels")) {
            if (name.equals(t.path("name").asText())) return t;
        }
        throw new AssertionError("no tunnel " + name + " in " + status());
    }

    /** Waits until the tunnel reports {@code state}. */
    public void awaitState(String tunnel, String state, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        String last = "?";
        while (System.nanoTime() < end) {
            last = tunnel(tunnel).path("state").asText();
            if (state.equals(last)) return;
            sleep(200);
        }
        throw new AssertionError("tunnel " + tunnel + " is " + last + ", not " + state + " after " + timeout + "\n" + log());
    }

    /** Waits until the tunnel is no longer {@code state}; returns its status entry then. */
    public JsonNode awaitLeaving(String tunnel, String state, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        JsonNode t = tunnel(tunnel);
        while (System.nanoTime() < end && state.equals(t.path("state").asText())) {
            sleep(100);
            t = tunnel(tunnel);
        }
        if (state.equals(t.path("state").asText())) {
            throw new AssertionError("tunnel " + tunnel + " still " + state + " after " + timeout + "\n" + log());
        }
        return t;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM and wait; returns the exit code. */
    public int stop(Duration timeout) {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("vpnd did not stop within " + timeout + " of SIGTERM\n" + log());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    /** SIGKILL: vpnd dies without a word to its peers, as on a crash. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

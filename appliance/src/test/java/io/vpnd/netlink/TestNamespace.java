package io.vpnd.netlink;

import io.vpnd.sys.Errno;
import io.vpnd.sys.LibC;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A throw-away network namespace for root tests, and a thread that lives in it.
 *
 * <p>How: {@code ip netns add NAME} creates the namespace and bind-mounts it at
 * {@code /var/run/netns/NAME}. Network namespaces belong to threads, not processes, so a
 * dedicated single-thread executor opens that file and calls {@code setns(fd, CLONE_NEWNET)}
 * through JNA as its first task; everything submitted with {@link #call} afterwards runs inside
 * the namespace. Sockets, netlink sockets and TUN devices created there stay bound to the
 * namespace for their life, whichever thread uses them later, so Netty event-loop threads that
 * merely poll such descriptors stay in the host namespace. Checks from outside use
 * {@code ip -n NAME …} ({@link #ip}). {@link #close} stops the thread and deletes the namespace.
 *
 * <p>Names start with {@code vt-tun-} and carry the pid, so parallel runs do not collide.
 */
public final class TestNamespace implements AutoCloseable {
    /** CLONE_NEWNET from sched.h. */
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final long COMMAND_TIMEOUT_SECONDS = 10;

    private final String name;
    private final ExecutorService thread;

    private TestNamespace(String name, ExecutorService thread) {
        this.name = name;
        this.thread = thread;
    }

    /**
     * Skips the calling test when root, {@code /dev/net/tun} or {@code ip} is missing, unless the
     * environment says {@code CI=true}: then a missing prerequisite fails the test.
     */
    public static void assumeAvailable() {
        String missing = null;
        if (new com.sun.security.auth.module.UnixSystem().getUid() != 0) {
            missing = "root";
        } else if (!Files.exists(Path.of("/dev/net/tun"))) {
            missing = "/dev/net/tun";
        } else if (!commandWorks("ip", "-V")) {
            missing = "the ip command (iproute2)";
        }
        if (missing == null) {
            return;
        }
        String why = "network namespace tests need " + missing;
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(why + " (CI=true: not skipping)");
        }
        Assumptions.abort(why);
    }

    /** Creates {@code vt-tun-PURPOSE-PID}, brings its lo up and starts its thread. */
    public static TestNamespace create(String purpose) throws Exception {
        assumeAvailable();
        String name = "vt-tun-" + purpose + "-" + ProcessHandle.current().pid();
        run(List.of("ip", "netns", "del", name), true); // left over from a killed run
        run(List.of("ip", "netns", "add", name), false);
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "netns-" + name);
            t.setDaemon(true);
            return t;
        });
        TestNamespace ns = new TestNamespace(name, thread);
        try {
            ns.call(() -> {
                LibC libc = LibC.INSTANCE;
                int fd = libc.open("/var/run/netns/" + name, O_RDONLY | O_CLOEXEC);
                if (fd < 0) {
                    throw new IOException(Errno.describe("open /var/run/netns/" + name, LibC.errno()));
                }
                try {
                    if (libc.setns(fd, CLONE_NEWNET) != 0) {
                        throw new IOException(Errno.describe("setns(" + name + ")", LibC.errno()));
                    }
                } finally {
                    libc.close(fd);
                }
                return null;
            });
            ns.ip("link", "set", "lo", "up");
            return ns;
        } catch (Exception e) {
            ns.close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /** Runs {@code task} on the namespace's thread and returns its result (bounded wait). */
    public <T> T call(Callable<T> task) throws Exception {
        try {
            return thread.submit(task).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw e;
        }
    }

    /** Runs {@code ip -n NAME ARGS…} and returns its standard output; fails on a non-zero exit. */
    public String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return run(cmd, false);
    }

    /** Like {@link #ip} but returns null instead of failing on a non-zero exit. */
    public String ipOrNull(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return run(cmd, true);
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        run(List.of("ip", "netns", "del", name), true);
    }

    private static boolean commandWorks(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(List<String> cmd, boolean tolerateFailure) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = readBounded(p.getInputStream());
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new TimeoutException(String.join(" ", cmd) + " did not finish");
            }
            if (p.exitValue() != 0) {
                if (tolerateFailure) {
                    return null;
                }
                throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0 && out.size() < 4 << 20) {
            out.write(buf, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

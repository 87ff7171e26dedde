package io.vpnd.daemon.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells systemd how vpnd is doing when it runs as a {@code Type=notify} unit, as sd_notify(3)
 * does: {@code READY=1} once the daemon serves, {@code STATUS=} lines for {@code systemctl
 * status}, {@code WATCHDOG=1} every half of {@code WatchdogSec=} after that, and
 * {@code STOPPING=1} when shutdown begins. Outside systemd ({@code $NOTIFY_SOCKET} unset) every
 * call does nothing. Never throws: a notification that cannot be sent is logged once and the
 * daemon goes on (systemd then reports a start timeout or a watchdog failure, which says more).
 *
 * <p>The watchdog pings from their own thread, so they prove the JVM still schedules threads;
 * a deadlocked data plane is the tunnels' health checks' business, not the watchdog's.
 */
public final class SystemdNotifier implements AutoCloseable {
    static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";
    static final String WATCHDOG_USEC = "WATCHDOG_USEC";
    static final String WATCHDOG_PID = "WATCHDOG_PID";

    private static final System.Logger LOG = System.getLogger(SystemdNotifier.class.getName());

    private final NotifySocket socket;
    private final Duration watchdogTimeout;
    private ScheduledExecutorService watchdog;
    private boolean warned;

    private SystemdNotifier(NotifySocket socket, Duration watchdogTimeout) {
        this.socket = socket;
        this.watchdogTimeout = watchdogTimeout;
    }

    /** The notifier for this process, from the variables systemd sets. */
    public static SystemdNotifier fromEnvironment() {
        return from(System.getenv(), ProcessHandle.current().pid());
    }

    /** The notifier that {@code env} describes for the process {@code pid}. */
    static SystemdNotifier from(Map<String, String> env, long pid) {
        String address = env.get(NOTIFY_SOCKET);
        if (address == null || address.isEmpty()) return new SystemdNotifier(null, null);
        NotifySocket socket;
        try {
            socket = NotifySocket.open(address);
        } catch (IOException | UnsatisfiedLinkError e) {
            LOG.log(System.Logger.Level.WARNING, "cannot notify systemd: " + e.getMessage());
            return new SystemdNotifier(null, null);
        }
        return new SystemdNotifier(socket, watchdogTimeout(env, pid));
    }

    /** WatchdogSec= as systemd passes it, if it is meant for this process (WATCHDOG_PID unset or ours). */
    private static Duration watchdogTimeout(Map<String, String> env, long pid) {
        String usec = env.get(WATCHDOG_USEC);
        String forPid = env.get(WATCHDOG_PID);
        if (usec == null) return null;
        try {
            if (forPid != null && !forPid.isEmpty() && Long.parseLong(forPid.strip()) != pid) return null;
            long micros = Long.parseLong(usec.strip());
            return micros > 0 ? Duration.ofNanos(micros * 1000) : null;
        } catch (NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring malformed " + WATCHDOG_USEC + "=" + usec + " / "
                    + WATCHDOG_PID + "=" + forPid);
            return null;
        }
    }

    /** True under systemd with a notify socket. */
    public boolean enabled() {
        return socket != null;
    }

    /** The watchdog timeout systemd expects pings within, if WatchdogSec= is set. */
    public Optional<Duration> watchdogTimeout() {
        return Optional.ofNullable(watchdogTimeout);
    }

    /** Start-up is complete: systemd considers the unit started, and the watchdog begins. */
    public synchronized void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
        if (socket != null && watchdogTimeout != null && watchdog == null) {
            watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "systemd-watchdog");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(1, watchdogTimeout.toMillis() / 2);
            watchdog.scheduleAtFixedRate(() -> send("WATCHDOG=1"), every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** A line for {@code systemctl status}. */
    public void status(String status) {
        send("STATUS=" + oneLine(status));
    }

    /** Shutdown has begun: no more watchdog pings, and systemd waits for the exit. */
    public synchronized void stopping(String status) {
        stopWatchdog();
        send("STOPPING=1\nSTATUS=" + oneLine(status));
    }

    private void stopWatchdog() {
        if (watchdog == null) return;
        watchdog.shutdownNow();
        try {
            // a ping in flight must not reach sendto after close() has released the descriptor
            watchdog.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog = null;
    }

    private void send(String message) {
        if (socket == null) return;
        try {
            socket.send(message.getBytes(StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                if (warned) return;
                warned = true;
            }
            LOG.log(System.Logger.Level.WARNING, "cannot notify systemd (further failures not logged): "
                    + e.getMessage());
        }
    }

    /** STATUS= ends at the first newline; each notification is KEY=VALUE lines. */
    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ");
    }

    @Override
    public synchronized void close() {
        stopWatchdog();
        if (socket != null) socket.close();
    }
}

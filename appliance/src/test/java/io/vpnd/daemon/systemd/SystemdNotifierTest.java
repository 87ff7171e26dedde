package io.vpnd.daemon.systemd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The notifier against a real AF_UNIX datagram socket standing in for systemd's. */
class SystemdNotifierTest {
    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @Test
    void readyStatusAndStoppingReachAPathSocket() throws Exception {
        String address = dir.resolve("notify").toString();
        try (NotifyReceiver systemd = new NotifyReceiver(address);
             SystemdNotifier n = SystemdNotifier.from(Map.of("NOTIFY_SOCKET", address), PID)) {
            assertTrue(n.enabled());
            n.ready("2 tunnels\nconfigured");
            assertEquals("READY=1\nSTATUS=2 tunnels configured", systemd.receive(WAIT), "STATUS is one line");
            n.status("reloading");
            assertEquals("STATUS=reloading", systemd.receive(WAIT));
            n.stopping("deleting SAs");
            assertEquals("STOPPING=1\nSTATUS=deleting SAs", systemd.receive(WAIT));
            assertNull(systemd.receive(Duration.ofMillis(100)), "no watchdog pings without WATCHDOG_USEC");
        }
    }

    @Test
    void anAbstractSocketIsNamedAfterTheAt() throws Exception {
        String address = "@vpnd-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        try (NotifyReceiver systemd = new NotifyReceiver(address);
             SystemdNotifier n = SystemdNotifier.from(Map.of("NOTIFY_SOCKET", address), PID)) {
            n.ready("up");
            assertEquals("READY=1\nSTATUS=up", systemd.receive(WAIT));
        }
    }

    @Test
    void sockaddrIsAsLongAsSdNotifyMakesIt() throws Exception {
        byte[] path = NotifySocket.sockaddr("/run/systemd/notify");
        assertEquals(2 + "/run/systemd/notify".length() + 1, path.length, "family, path, NUL");
        assertEquals(0, path[path.length - 1]);
        byte[] abs = NotifySocket.sockaddr("@x");
        assertArrayEquals(new byte[]{1, 0, 0, 'x'}, abs, "family (little-endian AF_UNIX), NUL, name; no NUL after");
        assertThrows(java.io.IOException.class, () -> NotifySocket.sockaddr("vsock:2:1234"));
        assertThrows(java.io.IOException.class, () -> NotifySocket.sockaddr("/" + "a".repeat(107)));
    }

    @Test
    void watchdogPingsAtHalfTheTimeoutAfterReadyUntilStopping() throws Exception {
        String address = dir.resolve("notify").toString();
        try (NotifyReceiver systemd = new NotifyReceiver(address);
             SystemdNotifier n = SystemdNotifier.from(Map.of("NOTIFY_SOCKET", address,
                     "WATCHDOG_USEC", "400000", "WATCHDOG_PID", Long.toString(PID)), PID)) {
            assertEquals(Duration.ofMillis(400), n.watchdogTimeout().orElseThrow());
            assertNull(systemd.receive(Duration.ofMillis(500)), "no pings before READY");
            long start = System.nanoTime();
            n.ready("up");
            assertEquals("READY=1\nSTATUS=up", systemd.receive(WAIT));
            List<String> pings = new ArrayList<>();
            for (int i = 0; i < 3; i++) pings.add(systemd.receive(WAIT));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(List.of("WATCHDOG=1", "WATCHDOG=1", "WATCHDOG=1"), pings);
            assertTrue(took.compareTo(Duration.ofMillis(550)) >= 0 && took.compareTo(Duration.ofMillis(1500)) < 0,
                    "three pings 200 ms apart: " + took);
            n.stopping("bye");
            String last;
            // a ping may have been in flight when stopping() began
            do {
                last = systemd.receive(WAIT);
            } while ("WATCHDOG=1".equals(last));
            assertEquals("STOPPING=1\nSTATUS=bye", last);
            assertNull(systemd.receive(Duration.ofMillis(500)), "no pings after STOPPING");
        }
    }

    @Test
    void aWatchdogMeantForAnotherProcessIsIgnored() throws Exception {
        try (SystemdNotifier n = SystemdNotifier.from(Map.of("NOTIFY_SOCKET", dir.resolve("n").toString(),
                "WATCHDOG_USEC", "400000", "WATCHDOG_PID", Long.toString(PID + 1)), PID)) {
            assertTrue(n.watchdogTimeout().isEmpty());
        }
    }

    @Test
    void outsideSystemdEverythingIsANoOp() {
        try (SystemdNotifier n = SystemdNotifier.from(Map.of(), PID)) {
            assertFalse(n.enabled());
            assertDoesNotThrow(() -> {
                n.ready("x");
                n.status("y");
                n.stopping("z");
            });
        }
    }

    @Test
    void aSocketNobodyListensOnNeverFailsTheDaemon() {
        try (SystemdNotifier n = SystemdNotifier.from(Map.of("NOTIFY_SOCKET", dir.resolve("gone").toString()), PID)) {
            assertTrue(n.enabled());
            assertDoesNotThrow(() -> {
                n.ready("x");
                n.stopping("y");
            });
        }
    }
}

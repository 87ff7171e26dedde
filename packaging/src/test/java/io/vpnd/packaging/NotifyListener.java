package io.vpnd.packaging;

import com.sun.jna.Memory;
import io.vpnd.sys.Errno;
import io.vpnd.sys.LibC;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * systemd's end of $NOTIFY_SOCKET for a test: a bound AF_UNIX datagram socket at a path that the
 * service user may write to (JDK 17 has no AF_UNIX datagrams, hence libc through JNA).
 */
final class NotifyListener implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;

    private final Path path;
    private final int fd;
    private final Memory buffer = new Memory(4096);

    NotifyListener(Path path) throws IOException {
        this.path = path;
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer sa = ByteBuffer.allocate(2 + name.length + 1).order(ByteOrder.nativeOrder());
        sa.putShort((short) AF_UNIX).put(name).put((byte) 0);
        fd = LibC.INSTANCE.socket(AF_UNIX, SOCK_DGRAM, 0);
        if (fd < 0) throw new IOException(Errno.describe("socket", LibC.errno()));
        if (LibC.INSTANCE.bind(fd, sa.array(), sa.capacity()) != 0) {
            int err = LibC.errno();
            LibC.INSTANCE.close(fd);
            throw new IOException(Errno.describe("bind " + path, err));
        }
        // the service runs as its own user: it needs write permission to send
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
    }

    Path path() {
        return path;
    }

    /** The next notification, or null when none arrives within {@code timeout}. */
    String receive(Duration timeout) throws IOException {
        ByteBuffer tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        tv.putLong(timeout.toSeconds()).putLong(timeout.toMillisPart() * 1000L);
        if (LibC.INSTANCE.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv.array(), 16) != 0) {
            throw new IOException(Errno.describe("setsockopt", LibC.errno()));
        }
        long n = LibC.INSTANCE.recv(fd, buffer, buffer.size(), 0);
        if (n < 0) {
            int err = LibC.errno();
            if (err == Errno.EAGAIN) return null;
            throw new IOException(Errno.describe("recv", err));
        }
        return new String(buffer.getByteArray(0, (int) n), StandardCharsets.UTF_8);
    }

    /** Waits for a notification containing {@code line}; returns it. */
    String await(String line, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < end) {
            String m = receive(Duration.ofMillis(500));
            if (m == null) continue;
            if (m.lines().anyMatch(line::equals)) return m;
            seen.append(m.replace('\n', ' ')).append(" | ");
        }
        throw new AssertionError("no " + line + " on " + path + " within " + timeout + "; received: " + seen);
    }

    @Override
    public void close() throws IOException {
        LibC.INSTANCE.close(fd);
        Files.deleteIfExists(path);
    }
}

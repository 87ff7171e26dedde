package io.vpnd.daemon.systemd;

import com.sun.jna.Memory;
import io.vpnd.sys.Errno;
import io.vpnd.sys.LibC;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** What systemd does with NOTIFY_SOCKET, for tests: a bound AF_UNIX datagram socket that receives. */
final class NotifyReceiver implements AutoCloseable {
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int EAGAIN = Errno.EAGAIN;

    private final int fd;
    private final Memory buffer = new Memory(4096);

    NotifyReceiver(String address) throws IOException {
        byte[] sockaddr = NotifySocket.sockaddr(address);
        fd = LibC.INSTANCE.socket(NotifySocket.AF_UNIX, NotifySocket.SOCK_DGRAM | NotifySocket.SOCK_CLOEXEC, 0);
        if (fd < 0) throw new IOException(Errno.describe("socket", LibC.errno()));
        if (LibC.INSTANCE.bind(fd, sockaddr, sockaddr.length) != 0) {
            int err = LibC.errno();
            LibC.INSTANCE.close(fd);
            throw new IOException(Errno.describe("bind " + address, err));
        }
    }

    /** The next datagram, or null when none arrives within {@code timeout}. */
    String receive(Duration timeout) throws IOException {
        ByteBuffer tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        tv.putLong(timeout.toSeconds()).putLong(timeout.toMillisPart() * 1000L);
        if (LibC.INSTANCE.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv.array(), 16) != 0) {
            throw new IOException(Errno.describe("setsockopt SO_RCVTIMEO", LibC.errno()));
        }
        long n = LibC.INSTANCE.recv(fd, buffer, buffer.size(), 0);
        if (n < 0) {
            int err = LibC.errno();
            if (err == EAGAIN) return null;
            throw new IOException(Errno.describe("recv", err));
        }
        return new String(buffer.getByteArray(0, (int) n), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        LibC.INSTANCE.close(fd);
    }
}

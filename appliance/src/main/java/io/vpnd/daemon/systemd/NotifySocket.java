package io.vpnd.daemon.systemd;

import io.vpnd.sys.Errno;
import io.vpnd.sys.LibC;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * An AF_UNIX datagram socket aimed at systemd's notify socket, through libc: JDK 17 has Unix
 * domain sockets for streams only ({@code DatagramChannel.open(StandardProtocolFamily.UNIX)}
 * throws UnsupportedOperationException), and the notify protocol is datagrams.
 */
final class NotifySocket implements AutoCloseable {
    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 02000000;
    /** sizeof(struct sockaddr_un.sun_path) on Linux. */
    static final int SUN_PATH_LENGTH = 108;
    /** offsetof(struct sockaddr_un, sun_path): after the 2-octet sun_family. */
    static final int SUN_PATH_OFFSET = 2;

    private final String address;
    private final byte[] sockaddr;
    private final int fd;

    private NotifySocket(String address, byte[] sockaddr, int fd) {
        this.address = address;
        this.sockaddr = sockaddr;
        this.fd = fd;
    }

    /**
     * Opens a socket to {@code address} as {@code $NOTIFY_SOCKET} gives it: a file system path
     * ({@code /run/systemd/notify}) or, after {@code @}, a name in the abstract namespace.
     *
     * @throws IOException when the address is of another kind or too long, or socket(2) fails
     */
    static NotifySocket open(String address) throws IOException {
        byte[] sockaddr = sockaddr(address);
        int fd = LibC.INSTANCE.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw new IOException(Errno.describe("socket(AF_UNIX, SOCK_DGRAM)", LibC.errno()));
        return new NotifySocket(address, sockaddr, fd);
    }

    /** struct sockaddr_un for {@code address}, exactly as long as sd_notify(3) makes it. */
    static byte[] sockaddr(String address) throws IOException {
        boolean abstractName = address.startsWith("@");
        if (!abstractName && !address.startsWith("/")) {
            throw new IOException("NOTIFY_SOCKET=" + address + " is neither a path nor an @abstract socket");
        }
        byte[] path = address.getBytes(StandardCharsets.UTF_8);
        // an abstract name starts with NUL and is as long as written; a path ends with NUL
        int pathLength = abstractName ? path.length : path.length + 1;
        if (pathLength > SUN_PATH_LENGTH) {
            throw new IOException("NOTIFY_SOCKET=" + address + " is longer than a unix socket address may be");
        }
        ByteBuffer b = ByteBuffer.allocate(SUN_PATH_OFFSET + pathLength).order(ByteOrder.nativeOrder());
        b.putShort((short) AF_UNIX);
        b.put(path);
        if (abstractName) b.put(SUN_PATH_OFFSET, (byte) 0);
        return b.array();
    }

    /** Sends one datagram. */
    void send(byte[] message) throws IOException {
        long sent = LibC.INSTANCE.sendto(fd, message, message.length, 0, sockaddr, sockaddr.length);
        if (sent < 0) throw new IOException(Errno.describe("sendto " + address, LibC.errno()));
    }

    String address() {
        return address;
    }

    @Override
    public void close() {
        LibC.INSTANCE.close(fd);
    }
}

package io.vpnd.tun;

import io.netty.channel.unix.FileDescriptor;
import io.vpnd.sys.Errno;
import io.vpnd.sys.LibC;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A non-blocking AF_UNIX SOCK_SEQPACKET pair: like a TUN descriptor it keeps packet boundaries
 * (one read, one packet); unlike one it needs no root, and it pushes back (EAGAIN once the
 * sender's socket buffer, about 200 KiB, is full of unread packets), which a TUN almost never does.
 */
final class SocketPair implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_SEQPACKET = 5;
    private static final int SOCK_NONBLOCK = 0x800;
    private static final int SOCK_CLOEXEC = 0x80000;

    final FileDescriptor device;
    final FileDescriptor peer;
    private final ByteBuffer rx = ByteBuffer.allocateDirect(65536);
    private final ByteBuffer tx = ByteBuffer.allocateDirect(65536);

    SocketPair() throws IOException {
        int[] sv = new int[2];
        if (LibC.INSTANCE.socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv) != 0) {
            throw new IOException(Errno.describe("socketpair", LibC.errno()));
        }
        device = new FileDescriptor(sv[0]);
        peer = new FileDescriptor(sv[1]);
    }

    /** The peer sends one packet to the device; false if it would block. */
    boolean send(byte[] packet) throws IOException {
        tx.clear();
        tx.put(packet);
        return peer.write(tx, 0, packet.length) == packet.length;
    }

    /** One packet the device wrote, or null if none is waiting. */
    byte[] receive() throws IOException {
        int n = peer.read(rx, 0, rx.capacity());
        if (n <= 0) {
            return null;
        }
        byte[] out = new byte[n];
        rx.get(0, out);
        return out;
    }

    @Override
    public void close() throws IOException {
        if (peer.isOpen()) {
            peer.close();
        }
        if (device.isOpen()) {
            device.close();
        }
    }
}

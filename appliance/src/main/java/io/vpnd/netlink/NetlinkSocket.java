package io.vpnd.netlink;

import com.sun.jna.Memory;
import io.vpnd.sys.LibC;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.vpnd.netlink.NetlinkConstants.AF_NETLINK;
import static io.vpnd.netlink.NetlinkConstants.MSG_TRUNC;
import static io.vpnd.netlink.NetlinkConstants.NETLINK_CAP_ACK;
import static io.vpnd.netlink.NetlinkConstants.NETLINK_EXT_ACK;
import static io.vpnd.netlink.NetlinkConstants.SOCK_CLOEXEC;
import static io.vpnd.netlink.NetlinkConstants.SOCK_RAW;
import static io.vpnd.netlink.NetlinkConstants.SOL_NETLINK;
import static io.vpnd.netlink.NetlinkConstants.SOL_SOCKET;
import static io.vpnd.netlink.NetlinkConstants.SO_RCVTIMEO;
import static io.vpnd.sys.Errno.EAGAIN;
import static io.vpnd.sys.Errno.EINTR;

/**
 * A blocking netlink socket doing one request at a time: send, then read the replies that carry
 * the request's sequence number until its ack (NLMSG_ERROR) or, for a dump, NLMSG_DONE. Replies
 * with other sequence numbers (left over from a request that timed out) are skipped. Every wait
 * is bounded: each recv by SO_RCVTIMEO, a whole request by a deadline.
 *
 * <p>The socket belongs to the network namespace of the thread that opened it, for its life.
 */
final class NetlinkSocket implements AutoCloseable {
    /** Big enough for any single dump datagram (the kernel caps them at 32 KiB); MSG_TRUNC catches more. */
    private static final int RECEIVE_BUFFER = 64 * 1024;

    private final LibC libc = LibC.INSTANCE;
    private final int fd;
    private final Duration receiveTimeout;
    private final Memory rx = new Memory(RECEIVE_BUFFER);
    private int seq = (int) (System.nanoTime() & 0x3fffffff);
    private boolean closed;

    private NetlinkSocket(int fd, Duration receiveTimeout) {
        this.fd = fd;
        this.receiveTimeout = receiveTimeout;
    }

    /** Opens and binds a netlink socket of {@code protocol} (e.g. NETLINK_ROUTE). */
    static NetlinkSocket open(int protocol, Duration receiveTimeout) throws NetlinkException {
        LibC libc = LibC.INSTANCE;
        int fd = libc.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            throw new NetlinkException("socket(AF_NETLINK)", LibC.errno(), null);
        }
        boolean ok = false;
        try {
            setInt(libc, fd, SOL_NETLINK, NETLINK_EXT_ACK, 1, true);
            setInt(libc, fd, SOL_NETLINK, NETLINK_CAP_ACK, 1, true);
            ByteBuffer tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            long millis = Math.max(1, receiveTimeout.toMillis());
            tv.putLong(millis / 1000).putLong((millis % 1000) * 1000);
            if (libc.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv.array(), 16) != 0) {
                throw new NetlinkException("setsockopt(SO_RCVTIMEO)", LibC.errno(), null);
            }
            // struct sockaddr_nl { u16 family; u16 pad; u32 pid (0: kernel assigns); u32 groups; }
            ByteBuffer sa = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder());
            sa.putShort((short) AF_NETLINK);
            if (libc.bind(fd, sa.array(), 12) != 0) {
                throw new NetlinkException("bind(AF_NETLINK)", LibC.errno(), null);
            }
            ok = true;
            return new NetlinkSocket(fd, receiveTimeout);
        } finally {
            if (!ok) {
                libc.close(fd);
            }
        }
    }

    private static void setInt(LibC libc, int fd, int level, int opt, int value, boolean optional)
            throws NetlinkException {
        byte[] v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
        if (libc.setsockopt(fd, level, opt, v, 4) != 0 && !optional) {
            throw new NetlinkException("setsockopt(" + level + "," + opt + ")", LibC.errno(), null);
        }
    }

    int nextSeq() {
        seq = seq == Integer.MAX_VALUE ? 1 : seq + 1;
        return seq;
    }

    /**
     * Sends {@code request} (which carries NLM_F_ACK, or NLM_F_DUMP) and returns the replies to it,
     * without the final ack or NLMSG_DONE. Throws {@link NetlinkException} when the kernel refuses
     * it or no answer comes in time.
     */
    List<NetlinkMessage> request(NetlinkMessageBuilder request, String operation, Duration deadline) throws IOException {
        ensureOpen();
        int mySeq = nextSeq();
        send(request.build(mySeq), operation);
        long until = System.nanoTime() + deadline.toNanos();
        List<NetlinkMessage> replies = new ArrayList<>();
        while (System.nanoTime() - until < 0) {
            for (NetlinkMessage m : receive(operation)) {
                if (m.seq() != mySeq) {
                    continue;
                }
                if (m.isError()) {
                    m.throwIfError(operation);
                    return replies;
                }
                if (m.isDone()) {
                    int error = m.doneError();
                    if (error < 0) {
                        throw new NetlinkException(operation, -error, null);
                    }
                    return replies;
                }
                replies.add(m);
            }
        }
        throw new NetlinkException(operation + " (no complete answer within " + deadline + ")", EAGAIN, null);
    }

    private void send(byte[] message, String operation) throws NetlinkException {
        // struct sockaddr_nl of the kernel: pid 0, groups 0
        byte[] kernel = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort((short) AF_NETLINK).array();
        for (int attempt = 0; attempt < 3; attempt++) {
            long n = libc.sendto(fd, message, message.length, 0, kernel, kernel.length);
            if (n == message.length) {
                return;
            }
            int errno = n < 0 ? LibC.errno() : NetlinkException.EINVAL;
            if (errno != EINTR) {
                throw new NetlinkException(operation + " (sendto)", errno, null);
            }
        }
        throw new NetlinkException(operation + " (sendto)", EINTR, null);
    }

    private List<NetlinkMessage> receive(String operation) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            long n = libc.recv(fd, rx, RECEIVE_BUFFER, MSG_TRUNC);
            if (n >= 0) {
                if (n > RECEIVE_BUFFER) {
                    throw new IOException(operation + ": netlink datagram of " + n + " octets truncated");
                }
                // a fresh array per datagram: the parsed messages are views into it and outlive this call
                return NetlinkMessage.parseAll(rx.getByteArray(0, (int) n), (int) n);
            }
            int errno = LibC.errno();
            if (errno == EAGAIN) {
                throw new NetlinkException(operation + " (no reply within " + receiveTimeout + ")", errno, null);
            }
            if (errno != EINTR) {
                throw new NetlinkException(operation + " (recv)", errno, null);
            }
        }
        throw new NetlinkException(operation + " (recv)", EINTR, null);
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("netlink socket closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.close(fd);
        }
    }
}

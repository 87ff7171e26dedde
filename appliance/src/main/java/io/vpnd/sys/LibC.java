package io.vpnd.sys;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * vpnd's one JNA binding of libc: the calls that open and configure TUN devices and that drive
 * netlink sockets. Packet I/O on those descriptors goes through Netty's own JNI
 * ({@code io.netty.channel.unix.FileDescriptor}), not through here.
 *
 * <p>Return values follow libc (-1 and errno on failure); read errno with {@link #errno()} right
 * after the call, on the same thread, and describe it with {@link Errno#describe}.
 * {@code size_t}/{@code ssize_t} are mapped to {@code long}: vpnd runs on LP64 Linux only.
 */
public interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int open(String path, int flags);

    int close(int fd);

    int ioctl(int fd, NativeLong request, byte[] arg);

    /** ioctl(2) whose argument is a value, not a pointer (TUNSETOFFLOAD). */
    int ioctl(int fd, NativeLong request, NativeLong arg);

    int fcntl(int fd, int cmd, int arg);

    int socket(int domain, int type, int protocol);

    /** socketpair(2); tests use a SOCK_SEQPACKET pair where a TUN device would need root. */
    int socketpair(int domain, int type, int protocol, int[] sv);

    int bind(int fd, byte[] sockaddr, int addrlen);

    long sendto(int fd, byte[] buf, long len, int flags, byte[] destAddr, int addrlen);

    long recv(int fd, Pointer buf, long len, int flags);

    int setsockopt(int fd, int level, int optname, byte[] optval, int optlen);

    /** setns(2): moves the calling thread into the namespace that {@code fd} refers to. */
    int setns(int fd, int nstype);

    /** Use {@link Errno#strerror}, which never throws, rather than this. */
    String strerror(int errnum);

    /** errno of the last JNA call on this thread. */
    static int errno() {
        return Native.getLastError();
    }
}

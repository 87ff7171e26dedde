package io.vpnd.netlink;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The libc calls the netlink client needs, through JNA. Return values follow libc (-1 and
 * errno on failure); read errno with {@link #errno()} right after the call, on the same thread.
 * {@code size_t}/{@code ssize_t} are mapped to {@code long}: vpnd runs on LP64 Linux only.
 */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int socket(int domain, int type, int protocol);

    int bind(int fd, byte[] sockaddr, int addrlen);

    long sendto(int fd, byte[] buf, long len, int flags, byte[] destAddr, int addrlen);

    long recv(int fd, Pointer buf, long len, int flags);

    int setsockopt(int fd, int level, int optname, byte[] optval, int optlen);

    int close(int fd);

    int open(String path, int flags);

    /** setns(2): moves the calling thread into the namespace that {@code fd} refers to. */
    int setns(int fd, int nstype);

    String strerror(int errnum);

    /** errno of the last JNA call on this thread. */
    static int errno() {
        return Native.getLastError();
    }
}

package io.vpnd.tun;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * The libc calls that open and configure a TUN device, through JNA. Reading and writing the
 * device then goes through Netty's own JNI ({@code io.netty.channel.unix.FileDescriptor}).
 * Failures return -1; read errno with {@link Native#getLastError()} on the same thread.
 */
interface TunLibC extends Library {
    TunLibC INSTANCE = Native.load("c", TunLibC.class);

    int open(String path, int flags);

    int ioctl(int fd, NativeLong request, byte[] arg);

    int fcntl(int fd, int cmd, int arg);

    int close(int fd);

    String strerror(int errnum);
}

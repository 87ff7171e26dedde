package io.vpnd.sys;

/**
 * Linux errno values that vpnd tests for, named as in {@code asm-generic/errno-base.h} and
 * {@code errno.h}, and the one way vpnd words a failed system call for logs and exceptions.
 */
public final class Errno {
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EBADFD = 77;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETUNREACH = 101;

    private Errno() {
    }

    /** libc's text for {@code errno} (e.g. "File exists"), or "errno N" when libc cannot say. */
    public static String strerror(int errno) {
        try {
            String s = LibC.INSTANCE.strerror(errno);
            return s != null ? s : "errno " + errno;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // message text only: never let a missing libc turn an error report into another error
            return "errno " + errno;
        }
    }

    /** "{@code operation}: text (errno N)", e.g. "open /dev/net/tun: No such file or directory (errno 2)". */
    public static String describe(String operation, int errno) {
        return operation + ": " + strerror(errno) + " (errno " + errno + ")";
    }
}

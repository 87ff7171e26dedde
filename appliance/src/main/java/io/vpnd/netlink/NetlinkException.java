package io.vpnd.netlink;

import io.vpnd.sys.Errno;

import java.io.IOException;

/**
 * A netlink request the kernel refused (an NLMSG_ERROR ack with a negative error), or a socket
 * call that failed. Carries the errno and, when the kernel sent one, its extended-ack message
 * (e.g. "Invalid prefix for given prefix length").
 */
public final class NetlinkException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Errno values callers of netlink commonly test {@link #errno()} for (defined in {@link Errno}). */
    public static final int ENOENT = Errno.ENOENT;
    public static final int ESRCH = Errno.ESRCH;
    public static final int EAGAIN = Errno.EAGAIN;
    public static final int EEXIST = Errno.EEXIST;
    public static final int ENODEV = Errno.ENODEV;
    public static final int EINVAL = Errno.EINVAL;
    public static final int EADDRNOTAVAIL = Errno.EADDRNOTAVAIL;
    public static final int ENETUNREACH = Errno.ENETUNREACH;

    private final int errno;
    private final String kernelMessage;

    public NetlinkException(String operation, int errno, String kernelMessage) {
        super(describe(operation, errno, kernelMessage));
        this.errno = errno;
        this.kernelMessage = kernelMessage;
    }

    /** The positive errno, e.g. 17 for EEXIST. */
    public int errno() {
        return errno;
    }

    /** The kernel's extended-ack text, or null when it sent none. */
    public String kernelMessage() {
        return kernelMessage;
    }

    private static String describe(String operation, int errno, String kernelMessage) {
        String text = Errno.describe(operation, errno);
        return kernelMessage != null && !kernelMessage.isEmpty() ? text + ": " + kernelMessage : text;
    }
}

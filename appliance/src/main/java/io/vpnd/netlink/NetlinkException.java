package io.vpnd.netlink;

import java.io.IOException;

/**
 * A netlink request the kernel refused (an NLMSG_ERROR ack with a negative error), or a socket
 * call that failed. Carries the errno and, when the kernel sent one, its extended-ack message
 * (e.g. "Invalid prefix for given prefix length").
 */
public final class NetlinkException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Linux errno values callers commonly test for. */
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EAGAIN = 11;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETUNREACH = 101;

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
        StringBuilder sb = new StringBuilder(operation).append(": ").append(strerror(errno))
                .append(" (errno ").append(errno).append(')');
        if (kernelMessage != null && !kernelMessage.isEmpty()) {
            sb.append(": ").append(kernelMessage);
        }
        return sb.toString();
    }

    static String strerror(int errno) {
        try {
            String s = LibC.INSTANCE.strerror(errno);
            return s != null ? s : "errno " + errno;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // message text only: never let a missing libc turn an error report into another error
            return "errno " + errno;
        }
    }
}

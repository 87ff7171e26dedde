package io.vpnd.netlink;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.vpnd.netlink.NetlinkConstants.NLMSGERR_ATTR_MSG;
import static io.vpnd.netlink.NetlinkConstants.NLMSG_DONE;
import static io.vpnd.netlink.NetlinkConstants.NLMSG_ERROR;
import static io.vpnd.netlink.NetlinkConstants.NLMSG_HDRLEN;
import static io.vpnd.netlink.NetlinkConstants.NLM_F_ACK_TLVS;
import static io.vpnd.netlink.NetlinkConstants.NLM_F_CAPPED;

/**
 * One received netlink message: the {@code nlmsghdr} fields and its body (host byte order,
 * position 0 = first octet after the header). {@link #parseAll} splits a datagram, which may
 * hold several messages, each starting on a 4-octet boundary.
 */
record NetlinkMessage(int type, int flags, int seq, int pid, ByteBuffer body) {

    /** Splits {@code len} octets of a received datagram into messages; throws if one is malformed. */
    static List<NetlinkMessage> parseAll(byte[] data, int len) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(data, 0, len).order(ByteOrder.nativeOrder());
        List<NetlinkMessage> out = new ArrayList<>();
        int off = 0;
        while (len - off >= NLMSG_HDRLEN) {
            int msgLen = in.getInt(off);
            if (msgLen < NLMSG_HDRLEN || msgLen > len - off) {
                throw new IOException("malformed netlink message: length " + msgLen + " at offset " + off
                        + " of " + len);
            }
            ByteBuffer body = ByteBuffer.wrap(data, off + NLMSG_HDRLEN, msgLen - NLMSG_HDRLEN).slice()
                    .order(ByteOrder.nativeOrder());
            out.add(new NetlinkMessage(in.getShort(off + 4) & 0xffff, in.getShort(off + 6) & 0xffff,
                    in.getInt(off + 8), in.getInt(off + 12), body));
            off += NetlinkMessageBuilder.align(msgLen);
        }
        return out;
    }

    boolean isError() {
        return type == NLMSG_ERROR;
    }

    boolean isDone() {
        return type == NLMSG_DONE;
    }

    /**
     * For an NLMSG_ERROR message: returns normally for a positive ack (error 0), otherwise throws
     * a {@link NetlinkException} with the errno and the kernel's extended-ack text if present.
     *
     * <pre>
     * struct nlmsgerr { int error; struct nlmsghdr msg; [request body unless NLM_F_CAPPED] }
     * then, if NLM_F_ACK_TLVS, attributes such as NLMSGERR_ATTR_MSG (a NUL-terminated string)
     * </pre>
     */
    void throwIfError(String operation) throws NetlinkException {
        if (body.remaining() < 4) {
            throw new NetlinkException(operation + " (truncated error message)", NetlinkException.EINVAL, null);
        }
        int error = body.getInt(0);
        if (error == 0) {
            return;
        }
        throw new NetlinkException(operation, -error, extAckMessage());
    }

    /** The NLMSGERR_ATTR_MSG text of an error ack, or null. */
    String extAckMessage() {
        if ((flags & NLM_F_ACK_TLVS) == 0 || body.remaining() < 4 + NLMSG_HDRLEN) {
            return null;
        }
        int echoed = (flags & NLM_F_CAPPED) != 0 ? NLMSG_HDRLEN
                : NetlinkMessageBuilder.align(body.getInt(4));
        int tlvStart = 4 + echoed;
        if (tlvStart > body.remaining()) {
            return null;
        }
        ByteBuffer msg = NetlinkAttributes.parse(body, tlvStart).get(NLMSGERR_ATTR_MSG);
        return msg == null ? null : asCString(msg);
    }

    /** For NLMSG_DONE: the dump's error code (0 or a negative errno); 0 when absent. */
    int doneError() {
        return body.remaining() >= 4 ? body.getInt(0) : 0;
    }

    static String asCString(ByteBuffer value) {
        int n = value.remaining();
        int end = 0;
        while (end < n && value.get(value.position() + end) != 0) {
            end++;
        }
        byte[] s = new byte[end];
        value.duplicate().get(s);
        return new String(s, StandardCharsets.UTF_8);
    }
}

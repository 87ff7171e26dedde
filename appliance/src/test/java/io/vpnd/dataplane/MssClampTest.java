package io.vpnd.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.*;

/** MSS clamping of TCP SYNs: the option rewritten, the checksum still right, everything else untouched. */
class MssClampTest {

    /** A TCP SYN from 198.51.100.1:40000 to 203.0.113.1:80 (IPv4) or 2001:db8:1::1 to 2001:db8:2::1 (IPv6). */
    static byte[] syn(int version, int flags, byte[] options) throws Exception {
        int ipLen = version == 4 ? 20 : 40;
        int tcpLen = 20 + options.length;
        byte[] p = new byte[ipLen + tcpLen];
        if (version == 4) {
            p[0] = 0x45;
            p[2] = (byte) (p.length >> 8);
            p[3] = (byte) p.length;
            p[8] = 64;
            p[9] = 6;
            System.arraycopy(InetAddress.getByName("198.51.100.1").getAddress(), 0, p, 12, 4);
            System.arraycopy(InetAddress.getByName("203.0.113.1").getAddress(), 0, p, 16, 4);
        } else {
            p[0] = 0x60;
            p[4] = (byte) (tcpLen >> 8);
            p[5] = (byte) tcpLen;
            p[6] = 6;
            p[7] = 64;
            System.arraycopy(InetAddress.getByName("2001:db8:1::1").getAddress(), 0, p, 8, 16);
            System.arraycopy(InetAddress.getByName("2001:db8:2::1").getAddress(), 0, p, 24, 16);
        }
        int t = ipLen;
        p[t] = (byte) (40000 >> 8);
        p[t + 1] = (byte) 40000;
        p[t + 3] = 80;
        p[t + 7] = 1;
        p[t + 12] = (byte) ((tcpLen / 4) << 4);
        p[t + 13] = (byte) flags;
        p[t + 14] = (byte) 0xfa;
        System.arraycopy(options, 0, p, t + 20, options.length);
        int c = tcpChecksum(p, version);
        p[t + 16] = (byte) (c >> 8);
        p[t + 17] = (byte) c;
        return p;
    }

    /** The TCP checksum computed from scratch over pseudo-header and segment (checksum field taken as zero). */
    static int tcpChecksum(byte[] p, int version) {
        int ipLen = version == 4 ? 20 : 40;
        int tcpLen = p.length - ipLen;
        long sum = 0;
        int addrOff = version == 4 ? 12 : 8;
        int addrLen = version == 4 ? 8 : 32;
        for (int i = 0; i < addrLen; i += 2) sum += ((p[addrOff + i] & 0xff) << 8) | (p[addrOff + i + 1] & 0xff);
        sum += 6 + tcpLen;
        for (int i = 0; i < tcpLen; i += 2) {
            if (i == 16) continue;
            int hi = p[ipLen + i] & 0xff;
            int lo = i + 1 < tcpLen ? p[ipLen + i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (int) (~sum & 0xffff);
    }

    static int mss(byte[] p, int at) {
        return ((p[at] & 0xff) << 8) | (p[at + 1] & 0xff);
    }

    static byte[] run(byte[] p, int v4, int v6, boolean expectChange) {
        ByteBuf b = Unpooled.wrappedBuffer(p.clone());
        assertEquals(expectChange, MssClamp.clamp(b, v4, v6));
        byte[] out = new byte[b.readableBytes()];
        b.getBytes(0, out);
        return out;
    }

    @Test
    void ipv4SynMssIsLoweredAndChecksumStaysValid() throws Exception {
        byte[] p = syn(4, 0x02, new byte[]{2, 4, (byte) 0x05, (byte) 0xb4, 1, 3, 3, 7});   // MSS 1460, NOP, WS
        byte[] out = run(p, 1360, 1340, true);
        assertEquals(1360, mss(out, 20 + 22));
        assertEquals(tcpChecksum(out, 4), mss(out, 20 + 16), "checksum matches a full recomputation");
    }

    @Test
    void synAckIsClampedToo() throws Exception {
        byte[] p = syn(4, 0x12, new byte[]{2, 4, (byte) 0x23, (byte) 0x28});                // MSS 9000
        byte[] out = run(p, 1406, 0, true);
        assertEquals(1406, mss(out, 42));
        assertEquals(tcpChecksum(out, 4), mss(out, 36));
    }

    @Test
    void ipv6SynBehindOtherOptionsIsClamped() throws Exception {
        // NOP, NOP, SACK-permitted, then MSS 1440
        byte[] p = syn(6, 0x02, new byte[]{1, 1, 4, 2, 2, 4, (byte) 0x05, (byte) 0xa0});
        byte[] out = run(p, 1360, 1340, true);
        assertEquals(1340, mss(out, 40 + 26));
        assertEquals(tcpChecksum(out, 6), mss(out, 40 + 16));
    }

    @Test
    void lowerMssNonSynNoOptionAndOffAreLeftAlone() throws Exception {
        byte[] low = syn(4, 0x02, new byte[]{2, 4, (byte) 0x04, (byte) 0x00});               // MSS 1024
        assertArrayEquals(low, run(low, 1360, 1340, false));
        byte[] ack = syn(4, 0x10, new byte[]{2, 4, (byte) 0x05, (byte) 0xb4});
        assertArrayEquals(ack, run(ack, 1360, 1340, false), "not a SYN");
        byte[] none = syn(4, 0x02, new byte[0]);
        assertArrayEquals(none, run(none, 1360, 1340, false), "no MSS option");
        byte[] p = syn(4, 0x02, new byte[]{2, 4, (byte) 0x05, (byte) 0xb4});
        assertArrayEquals(p, run(p, 0, 0, false), "clamping off");
    }

    @Test
    void malformedOptionsAreLeftAloneWithoutThrowing() throws Exception {
        byte[] zeroLen = syn(4, 0x02, new byte[]{3, 0, 2, 4});                               // option length 0
        assertArrayEquals(zeroLen, run(zeroLen, 1360, 1340, false));
        byte[] overrun = syn(4, 0x02, new byte[]{3, 9, 2, 4});                               // runs past the header
        assertArrayEquals(overrun, run(overrun, 1360, 1340, false));
        byte[] p = syn(4, 0x02, new byte[]{2, 4, (byte) 0x05, (byte) 0xb4});
        for (int cut = 0; cut < p.length; cut++) {
            byte[] t = java.util.Arrays.copyOf(p, cut);
            assertDoesNotThrow(() -> MssClamp.clamp(Unpooled.wrappedBuffer(t), 1360, 1340), "truncated at " + cut);
        }
    }
}

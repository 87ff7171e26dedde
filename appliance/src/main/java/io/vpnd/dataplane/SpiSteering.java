package io.vpnd.dataplane;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.vpnd.sys.Errno;
import io.vpnd.sys.LibC;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Makes the kernel hand each inbound ESP packet to the NAT-T socket of the event loop that serves
 * its tunnel, so that opening it and writing it to the tunnel's TUN device stay on one thread.
 * Without this, SO_REUSEPORT spreads datagrams by address hash: a tunnel whose peer hashes to
 * another loop's socket is decrypted there and crosses threads into the TUN's write queue, which
 * overflows whenever the TUN's loop is descheduled for a few milliseconds (measured: ~2,600
 * drops/s and as many TCP retransmissions at 1.6 Gbps).
 *
 * <p>How: a classic BPF program on the reuseport group ({@code SO_ATTACH_REUSEPORT_CBPF}) returns
 * {@code SPI mod n} as the socket index (the program sees the UDP payload, where ESP-in-UDP starts
 * with the SPI; the non-ESP marker 0 and one-octet keepalives land on socket 0), and the inbound
 * SPIs we choose are steered ({@link #steer}) to leave the remainder of their tunnel's loop.
 * Sockets join the group in bind order, which is the order of the loops.
 */
final class SpiSteering {
    private static final int SOL_SOCKET = 1;
    private static final int SO_ATTACH_REUSEPORT_CBPF = 51;
    // linux/filter.h: BPF_LD|BPF_W|BPF_ABS, BPF_ALU|BPF_MOD|BPF_K, BPF_RET|BPF_A
    private static final short LD_WORD_ABS = 0x20;
    private static final short ALU_MOD_K = 0x94;
    private static final short RET_A = 0x16;
    /** struct sock_filter: u16 code, u8 jt, u8 jf, u32 k. */
    private static final int INSTRUCTION_LENGTH = 8;

    private SpiSteering() {
    }

    /** The socket index (= loop index) the kernel picks for {@code spi} among {@code sockets}. */
    static int socketIndex(int spi, int sockets) {
        return Integer.remainderUnsigned(spi, sockets);
    }

    /**
     * {@code spi} moved by less than {@code sockets} so that it lands on socket {@code index};
     * stays clear of the reserved SPIs 0..255 (RFC 4303 §2.1).
     */
    static int steer(int spi, int index, int sockets) {
        if (sockets <= 1) return spi;
        if (index < 0 || index >= sockets) throw new IllegalArgumentException("index " + index + " of " + sockets);
        long base = Integer.toUnsignedLong(spi) - socketIndex(spi, sockets);
        long steered = base + index;
        if (steered < 256) steered += (long) sockets * ((256 / sockets) + 1);
        if (steered > 0xFFFF_FFFFL) steered -= sockets;
        return (int) steered;
    }

    /** The program: A = first 32-bit word of the payload (the SPI); A %= sockets; return A. */
    static byte[] program(int sockets) {
        ByteBuffer b = ByteBuffer.allocate(3 * INSTRUCTION_LENGTH).order(ByteOrder.nativeOrder());
        instruction(b, LD_WORD_ABS, 0);
        instruction(b, ALU_MOD_K, sockets);
        instruction(b, RET_A, 0);
        return b.array();
    }

    private static void instruction(ByteBuffer b, short code, int k) {
        b.putShort(code).put((byte) 0).put((byte) 0).putInt(k);
    }

    /**
     * Attaches the program to the reuseport group of socket {@code fd} ({@code sockets} members).
     *
     * @return null when attached, else why not (for the log)
     */
    static String attach(int fd, int sockets) {
        byte[] prog = program(sockets);
        Memory filter = new Memory(prog.length);
        filter.write(0, prog, 0, prog.length);
        // struct sock_fprog: u16 len, padding to 8, then the pointer (LP64)
        ByteBuffer fprog = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        fprog.putShort(0, (short) (prog.length / INSTRUCTION_LENGTH));
        fprog.putLong(8, Pointer.nativeValue(filter));
        try {
            int rc = LibC.INSTANCE.setsockopt(fd, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, fprog.array(), 16);
            return rc == 0 ? null : Errno.describe("setsockopt(SO_ATTACH_REUSEPORT_CBPF)", LibC.errno());
        } finally {
            filter.close(); // the kernel copied the program; also keeps it reachable until here
        }
    }
}

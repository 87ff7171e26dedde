package io.vpnd.esp;

import java.util.Arrays;

/**
 * The anti-replay window of one inbound SA (RFC 4303 §3.4.3), kept as RFC 6479 keeps it: a ring
 * of 64-bit blocks with one spare block, so that sliding the window forward clears whole blocks
 * instead of shifting bits. With extended sequence numbers the high 32 bits, which do not travel,
 * are inferred from the low 32 bits as RFC 4303 Appendix A2 prescribes.
 *
 * <p>Used in two steps around the ICV check, as strongSwan's libipsec does: {@link #check} before
 * it (a replay costs no decryption), {@link #update} after it verified. {@code update} checks
 * again, because another thread may have accepted the same number in between. Thread-safe: both
 * steps take a short lock, decryption happens outside it.
 *
 * <p>Sizes are in packets. The window admits exactly the {@code size} numbers ending at the
 * highest one accepted; the bitmap is larger (RFC 6479's spare block, rounded up to a power of
 * two of blocks so that indexing is a mask). Size 0 turns the check off (RFC 4303 §3.4.3: then
 * nothing is checked), though the highest number is still tracked for ESN inference.
 */
public final class ReplayWindow {

    /** What a check or update concluded. */
    public enum Verdict {
        /** Not seen and inside (or ahead of) the window. */
        OK,
        /** Already seen. */
        REPLAY,
        /** Left of the window (or 0, which no sender uses): cannot tell, so refused. */
        TOO_OLD
    }

    public static final int DEFAULT_SIZE = 1024;
    /** Bitmap bits per packet number kept; beyond this a window only costs memory. */
    public static final int MAX_SIZE = 1 << 20;

    private static final int BLOCK_SHIFT = 6;
    private static final int BLOCK_BITS = 1 << BLOCK_SHIFT;
    private static final long LOW_32 = 0xFFFF_FFFFL;
    /**
     * RFC 4303 Appendix A2 needs a window to infer the high bits. With checking off we use half
     * the 32-bit space: the inferred number is then the one closest to the highest seen.
     */
    private static final long INFERENCE_WINDOW_WHEN_OFF = 1L << 31;

    private final int size;
    private final boolean esn;
    private final long[] bitmap;
    private final int blockMask;
    /** Highest sequence number accepted so far (unsigned), 0 before the first. Written under the lock. */
    private volatile long highest;

    /**
     * @param size window in packets, 0 to turn replay checking off
     * @param esn  whether the SA uses 64-bit extended sequence numbers
     */
    public ReplayWindow(int size, boolean esn) {
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("replay window of " + size + " packets, allowed 0.." + MAX_SIZE);
        }
        this.size = size;
        this.esn = esn;
        if (size == 0) {
            bitmap = null;
            blockMask = 0;
        } else {
            int needed = (size + BLOCK_BITS - 1) / BLOCK_BITS + 1; // RFC 6479: one spare block
            int blocks = Integer.highestOneBit(needed - 1) << 1;   // next power of two >= needed (needed >= 2)
            bitmap = new long[blocks];
            blockMask = blocks - 1;
        }
    }

    /** The window in packets (0 = off). */
    public int size() { return size; }

    public boolean esn() { return esn; }

    /** Bits in the bitmap (a power-of-two number of 64-bit blocks), 0 when off. */
    public int bitmapBits() { return bitmap == null ? 0 : bitmap.length * BLOCK_BITS; }

    /** Highest sequence number accepted so far (unsigned 64-bit), 0 before the first. */
    public long highest() { return highest; }

    /**
     * The full sequence number for the 32 bits on the wire: those bits themselves without ESN, and
     * with ESN the high half inferred from the window (RFC 4303 Appendix A2.1). Returns 0, which
     * {@link #check} refuses, when the inferred number would lie below the start of the space.
     */
    public long infer(int wireSequence) {
        long seqLow = wireSequence & LOW_32;
        if (!esn) return seqLow;
        long t = highest;
        long w = size == 0 ? INFERENCE_WINDOW_WHEN_OFF : size;
        long tLow = t & LOW_32;
        long tHigh = t >>> 32;
        long bottom = (tLow - w + 1) & LOW_32;
        long seqHigh;
        if (tLow >= w - 1) {
            // Case A: the window lies within one 2^32 subspace.
            if (seqLow >= bottom) {
                seqHigh = tHigh;
            } else {
                if (tHigh == LOW_32) return 0; // past 2^64 - 1: no such number
                seqHigh = tHigh + 1;
            }
        } else {
            // Case B: the window spans two subspaces.
            if (seqLow >= bottom) {
                if (tHigh == 0) return 0; // "previous subspace" of the first one does not exist
                seqHigh = tHigh - 1;
            } else {
                seqHigh = tHigh;
            }
        }
        return (seqHigh << 32) | seqLow;
    }

    /** The pre-ICV check: would {@code seq} (unsigned 64-bit, from {@link #infer}) be accepted? */
    public Verdict check(long seq) {
        if (size == 0) return Verdict.OK;
        if (seq == 0) return Verdict.TOO_OLD;
        synchronized (this) {
            long t = highest;
            if (Long.compareUnsigned(seq, t) > 0) return Verdict.OK;
            if (Long.compareUnsigned(t - seq, size) >= 0) return Verdict.TOO_OLD;
            return isSet(seq) ? Verdict.REPLAY : Verdict.OK;
        }
    }

    /**
     * The post-ICV step: records {@code seq} as seen, sliding the window when it is ahead. Checks
     * again and records nothing unless the answer is {@link Verdict#OK}.
     */
    public Verdict update(long seq) {
        if (seq == 0) return size == 0 ? Verdict.OK : Verdict.TOO_OLD;
        synchronized (this) {
            long t = highest;
            if (Long.compareUnsigned(seq, t) > 0) {
                if (bitmap != null) {
                    slideTo(t, seq);
                    setBit(seq);
                }
                highest = seq;
                return Verdict.OK;
            }
            if (bitmap == null) return Verdict.OK;
            if (Long.compareUnsigned(t - seq, size) >= 0) return Verdict.TOO_OLD;
            if (isSet(seq)) return Verdict.REPLAY;
            setBit(seq);
            return Verdict.OK;
        }
    }

    /** Clears the blocks that the window enters when its top moves from {@code from} to {@code to}. */
    private void slideTo(long from, long to) {
        long fromBlock = from >>> BLOCK_SHIFT;
        long steps = (to >>> BLOCK_SHIFT) - fromBlock;
        if (steps >= bitmap.length) {
            Arrays.fill(bitmap, 0L);
            return;
        }
        for (long i = 1; i <= steps; i++) {
            bitmap[(int) (fromBlock + i) & blockMask] = 0L;
        }
    }

    private boolean isSet(long seq) {
        return (bitmap[(int) (seq >>> BLOCK_SHIFT) & blockMask] & (1L << (seq & (BLOCK_BITS - 1)))) != 0;
    }

    private void setBit(long seq) {
        bitmap[(int) (seq >>> BLOCK_SHIFT) & blockMask] |= 1L << (seq & (BLOCK_BITS - 1));
    }

    @Override
    public String toString() {
        return "ReplayWindow[size=" + size + (esn ? " esn" : "") + " highest=" + Long.toUnsignedString(highest) + "]";
    }
}

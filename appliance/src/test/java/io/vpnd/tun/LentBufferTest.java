package io.vpnd.tun;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LentBufferTest {
    private final UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false);

    @Test
    void aReturnedBufferIsLentAgainEmptyAndAHeldOneIsLeftAlone() {
        LentBuffer lender = new LentBuffer();
        ByteBuf first = lender.lend(alloc, 100);
        assertTrue(first.hasArray());
        first.writeBytes(new byte[]{1, 2, 3});
        first.release();                                   // the consumer copied and let go
        ByteBuf again = lender.lend(alloc, 100);
        assertSame(first, again);
        assertEquals(0, again.readableBytes(), "lent empty");

        // the consumer keeps it: the next packet must not overwrite it
        again.writeBytes(new byte[]{9});
        ByteBuf other = lender.lend(alloc, 100);
        assertNotSame(again, other);
        assertEquals(1, again.refCnt(), "the kept one belongs to its consumer alone");
        assertEquals(9, again.getByte(0));
        again.release();
        assertEquals(0, again.refCnt(), "and is freed when it lets go");

        other.release();
        ByteBuf bigger = lender.lend(alloc, 10_000);
        assertTrue(bigger.capacity() >= 10_000, "grows for a larger packet");
        assertNotSame(other, bigger);
        assertEquals(0, other.refCnt(), "the outgrown one is freed");
        bigger.release();
        lender.release();
        assertEquals(0, bigger.refCnt());
    }
}

package io.vpnd.sys;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrnoTest {
    @Test
    void describesAFailedCallWithLibcTextAndNumber() {
        assertEquals("open /dev/net/tun: No such file or directory (errno 2)",
                Errno.describe("open /dev/net/tun", Errno.ENOENT));
        assertEquals("File exists", Errno.strerror(Errno.EEXIST));
    }

    @Test
    void failedCallLeavesErrnoForThisThread() {
        assertEquals(-1, LibC.INSTANCE.close(-1));
        assertEquals(Errno.EBADF, LibC.errno());
    }

    @Test
    void unknownErrnoStillReadsAsText() {
        String text = Errno.strerror(4095);
        assertTrue(text.contains("4095"), text);
    }
}

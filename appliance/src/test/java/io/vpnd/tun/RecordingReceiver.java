package io.vpnd.tun;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link TunReceiver} for tests: keeps the packets (the test releases them) and the batch sizes. */
final class RecordingReceiver implements TunReceiver {
    final BlockingQueue<ByteBuf> packets = new LinkedBlockingQueue<>();
    final AtomicInteger readCompletes = new AtomicInteger();
    final AtomicInteger packetCount = new AtomicInteger();
    final List<Integer> batchSizes = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile boolean onlyOnLoop = true;
    private int currentBatch;

    @Override
    public void packetRead(TunDevice device, ByteBuf packet) {
        if (!device.eventLoop().inEventLoop()) {
            onlyOnLoop = false;
        }
        currentBatch++;
        packetCount.incrementAndGet();
        packets.add(packet);
    }

    @Override
    public void readComplete(TunDevice device) {
        if (!device.eventLoop().inEventLoop()) {
            onlyOnLoop = false;
        }
        batchSizes.add(currentBatch);
        currentBatch = 0;
        readCompletes.incrementAndGet();
    }

    /** The next packet within {@code millis}, or null. */
    ByteBuf poll(long millis) throws InterruptedException {
        return packets.poll(millis, TimeUnit.MILLISECONDS);
    }

    void releaseAll() {
        ByteBuf p;
        while ((p = packets.poll()) != null) {
            p.release();
        }
    }

    /** Waits until {@code n} packets arrived or {@code millis} passed. */
    boolean awaitCount(int n, long millis) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (packetCount.get() < n && System.nanoTime() - until < 0) {
            Thread.sleep(5);
        }
        return packetCount.get() >= n;
    }
}

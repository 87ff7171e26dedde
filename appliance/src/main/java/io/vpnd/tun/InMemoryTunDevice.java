package io.vpnd.tun;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link TunDevice} in memory, for tests of the data plane: {@link #inject} plays the host
 * sending a packet into the tunnel, {@link #written()} collects what the data plane wrote for the
 * host. It keeps the real device's threading and ownership rules: packets reach the receiver on
 * {@link #eventLoop()}, each injected batch followed by one readComplete; write() queues (bounded,
 * drops counted) and only flush() makes packets appear in {@link #written()}.
 *
 * <p>Packets injected before {@link #start} wait, as they would in the kernel's queue, and are
 * delivered as one batch when reading starts.
 */
public final class InMemoryTunDevice implements TunDevice {
    private final String name;
    private volatile int mtu;
    private final EventLoop loop;
    private final TunCounters counters = new TunCounters();
    private final PacketQueue writeQueue;
    private final BlockingQueue<ByteBuf> written = new LinkedBlockingQueue<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile TunState state = TunState.OPEN;

    // event-loop-only
    private TunReceiver receiver;
    private final List<ByteBuf> notYetRead = new ArrayList<>();

    /** A device named {@code name} with {@code mtu}, delivering on {@code loop}; write queue of 1024. */
    public InMemoryTunDevice(String name, int mtu, EventLoop loop) {
        this(name, mtu, loop, TunOptions.DEFAULT_WRITE_QUEUE_CAPACITY);
    }

    public InMemoryTunDevice(String name, int mtu, EventLoop loop, int writeQueueCapacity) {
        this.name = Objects.requireNonNull(name, "name");
        this.mtu = mtu;
        this.loop = Objects.requireNonNull(loop, "loop");
        this.writeQueue = new PacketQueue(writeQueueCapacity, counters);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    public void setMtu(int newMtu) {
        mtu = newMtu;
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    public TunState state() {
        return state;
    }

    public TunStats stats() {
        return counters.snapshot();
    }

    @Override
    public void start(TunReceiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException(name + " already started");
        }
        loop.execute(() -> {
            if (state != TunState.OPEN) {
                return;
            }
            this.receiver = receiver;
            state = TunState.READING;
            if (!notYetRead.isEmpty()) {
                List<ByteBuf> batch = new ArrayList<>(notYetRead);
                notYetRead.clear();
                deliver(batch);
            }
        });
    }

    /** The host sends one packet into the tunnel; ownership passes to the device. Any thread. */
    public void inject(ByteBuf packet) {
        injectBatch(List.of(packet));
    }

    /**
     * The host sends {@code packets}; the receiver gets them on the loop followed by one
     * readComplete. Ownership passes to the device (released if the device is closed). Any thread.
     */
    public void injectBatch(List<ByteBuf> packets) {
        List<ByteBuf> batch = new ArrayList<>(packets);
        try {
            loop.execute(() -> {
                if (state == TunState.READING) {
                    deliver(batch);
                } else if (state == TunState.OPEN) {
                    notYetRead.addAll(batch);
                } else {
                    batch.forEach(ByteBuf::release);
                }
            });
        } catch (RejectedExecutionException e) {
            batch.forEach(ByteBuf::release);
            throw e;
        }
    }

    private void deliver(List<ByteBuf> batch) {
        for (ByteBuf p : batch) {
            counters.packetsRead++;
            counters.bytesRead += p.readableBytes();
            receiver.packetRead(this, p);
        }
        counters.readBatches++;
        receiver.readComplete(this);
    }

    @Override
    public boolean write(ByteBuf packet) {
        return writeQueue.offer(packet, state.acceptsWrites());
    }

    @Override
    public void flush() {
        if (loop.inEventLoop()) {
            flush0();
        } else {
            loop.execute(this::flush0);
        }
    }

    private void flush0() {
        if (!state.acceptsWrites()) {
            writeQueue.dropAll();
            return;
        }
        ByteBuf p;
        boolean any = false;
        while ((p = writeQueue.poll()) != null) {
            counters.packetsWritten++;
            counters.bytesWritten += p.readableBytes();
            written.add(p);
            any = true;
        }
        if (any) counters.framesWritten++; // one flush stands for one write batch
    }

    /**
     * Packets the device wrote to the "host", in order. Whoever takes a packet from this queue
     * owns it and must release it; close() leaves packets here alone.
     */
    public BlockingQueue<ByteBuf> written() {
        return written;
    }

    /** Drains {@link #written()} into a list (the caller owns the buffers). */
    public List<ByteBuf> drainWritten() {
        List<ByteBuf> out = new ArrayList<>();
        written.drainTo(out);
        return out;
    }

    @Override
    public void close() {
        if (state == TunState.CLOSED) {
            return;
        }
        state = TunState.CLOSED;
        Runnable cleanup = () -> {
            notYetRead.forEach(ByteBuf::release);
            notYetRead.clear();
            writeQueue.dropAll();
        };
        if (loop.inEventLoop()) {
            cleanup.run();
        } else {
            try {
                loop.submit(cleanup).awaitUninterruptibly(5_000);
            } catch (RejectedExecutionException e) {
                cleanup.run();
            }
        }
    }

    @Override
    public String toString() {
        return "InMemoryTunDevice{" + name + " " + state + "}";
    }
}

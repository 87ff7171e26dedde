package io.vpnd.ike;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A network between IKE SA managers in one JVM: datagrams queue up until the test delivers,
 * drops or duplicates them, so that every message can be inspected and lost on purpose.
 */
public final class FakeIkeNetwork {
    /** One datagram in flight. */
    public record Datagram(InetSocketAddress from, InetSocketAddress to, byte[] bytes, boolean natT) {
        public int exchangeType() {
            return bytes[18] & 0xff;
        }

        public boolean isResponse() {
            return (bytes[19] & 0x20) != 0;
        }

        @Override
        public String toString() {
            return from + " -> " + to + " exchange " + exchangeType() + (isResponse() ? " response" : " request")
                    + " " + bytes.length + " octets";
        }
    }

    private final Deque<Datagram> queue = new ArrayDeque<>();
    private final Map<InetAddress, IkeSaManager> hosts = new HashMap<>();
    private final FakeIkeScheduler scheduler;
    private final int ikePort;
    private final int natPort;
    private final List<Datagram> delivered = new ArrayList<>();
    private int keepalives;

    public FakeIkeNetwork(FakeIkeScheduler scheduler, int ikePort, int natPort) {
        this.scheduler = scheduler;
        this.ikePort = ikePort;
        this.natPort = natPort;
    }

    public void attach(InetAddress address, IkeSaManager manager) {
        hosts.put(address, manager);
    }

    /** The sending side of one host. */
    public IkeNetwork endpoint(InetAddress self) {
        return new IkeNetwork() {
            @Override
            public void send(InetSocketAddress remote, byte[] message, boolean natT) {
                queue.add(new Datagram(new InetSocketAddress(self, natT ? natPort : ikePort), remote, message.clone(), natT));
            }

            @Override
            public void sendKeepalive(InetSocketAddress remote) {
                keepalives++;
            }
        };
    }

    public int pending() {
        return queue.size();
    }

    public Datagram peek() {
        return queue.peek();
    }

    /** Delivers the oldest datagram and runs what it triggers. */
    public Datagram deliverNext() {
        Datagram d = queue.poll();
        if (d == null) throw new AssertionError("nothing to deliver");
        deliver(d);
        return d;
    }

    /** Drops the oldest datagram. */
    public Datagram dropNext() {
        Datagram d = queue.poll();
        if (d == null) throw new AssertionError("nothing to drop");
        return d;
    }

    /** Delivers the oldest datagram twice. */
    public Datagram duplicateNext() {
        Datagram d = queue.poll();
        deliver(d);
        deliver(d);
        return d;
    }

    /** Delivers until the network is quiet (bounded). */
    public int deliverAll() {
        int n = 0;
        while (!queue.isEmpty()) {
            if (++n > 1000) throw new AssertionError("message storm");
            deliverNext();
        }
        return n;
    }

    /** Drops every queued datagram matching {@code p}, delivers the rest, until quiet. */
    public void deliverAllExcept(Predicate<Datagram> p) {
        for (int n = 0; !queue.isEmpty(); n++) {
            if (n > 1000) throw new AssertionError("message storm");
            Datagram d = queue.poll();
            if (!p.test(d)) deliver(d);
        }
    }

    public void clear() {
        queue.clear();
    }

    public List<Datagram> delivered() {
        return delivered;
    }

    public int keepalives() {
        return keepalives;
    }

    private void deliver(Datagram d) {
        IkeSaManager m = hosts.get(d.to().getAddress());
        if (m == null) return;
        delivered.add(d);
        m.receive(new InetSocketAddress(d.to().getAddress(), d.natT() ? natPort : ikePort), d.from(), d.bytes(), d.natT());
        scheduler.runPending();
    }
}

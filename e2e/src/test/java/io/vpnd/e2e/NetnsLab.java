package io.vpnd.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two gateways in fresh network namespaces joined by a veth, as in the demo:
 * <pre>
 *   L: wan 192.0.2.1/24, protected 198.51.100.1 and 2001:db8:1::1 on lo
 *   R: wan 192.0.2.2/24, protected 203.0.113.1 and 2001:db8:2::1 on lo
 * </pre>
 * Names carry a random suffix so parallel or leftover runs never collide; {@link #close} deletes
 * the namespaces (and with them every interface and process-owned socket inside).
 */
public final class NetnsLab implements AutoCloseable {
    private static final Duration T = Duration.ofSeconds(20);
    private final String prefix;
    private final List<String> namespaces = new ArrayList<>();

    private NetnsLab(String prefix) {
        this.prefix = prefix;
    }

    /** Builds the two-gateway lab. */
    public static NetnsLab twoGateways(String tag) {
        NetnsLab lab = new NetnsLab("ve-" + tag + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff)) + "-");
        try {
            lab.build();
        } catch (RuntimeException | AssertionError e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void build() {
        String l = ns("L");
        String r = ns("R");
        addNamespace(l);
        addNamespace(r);
        String vl = prefix + "wl";
        String vr = prefix + "wr";
        ip("link", "add", vl, "type", "veth", "peer", "name", vr);
        ip("link", "set", vl, "netns", l);
        ip("link", "set", vr, "netns", r);
        ip("-n", l, "link", "set", vl, "name", "wan");
        ip("-n", r, "link", "set", vr, "name", "wan");
        ip("-n", l, "addr", "add", "192.0.2.1/24", "dev", "wan");
        ip("-n", r, "addr", "add", "192.0.2.2/24", "dev", "wan");
        ip("-n", l, "link", "set", "wan", "up");
        ip("-n", r, "link", "set", "wan", "up");
        ip("-n", l, "addr", "add", "198.51.100.1/32", "dev", "lo");
        ip("-n", r, "addr", "add", "203.0.113.1/32", "dev", "lo");
        ip("-n", l, "addr", "add", "2001:db8:1::1/128", "dev", "lo", "nodad");
        ip("-n", r, "addr", "add", "2001:db8:2::1/128", "dev", "lo", "nodad");
    }

    /** Adds an empty namespace with loopback up (Netty wants lo up before it starts). */
    public String addNamespace(String name) {
        ip("netns", "add", name);
        namespaces.add(name);
        ip("-n", name, "link", "set", "lo", "up");
        return name;
    }

    /** The full name of side {@code side} ("L", "R", or any extra namespace's suffix). */
    public String ns(String side) {
        return prefix + side;
    }

    public String prefix() {
        return prefix;
    }

    /** Runs a command inside a side's namespace. */
    public Cmd.Result exec(String side, Duration timeout, String... command) {
        return Cmd.run(timeout, Cmd.inNetns(ns(side), command));
    }

    public static void ip(String... args) {
        List<String> c = new ArrayList<>(List.of("ip"));
        c.addAll(List.of(args));
        Cmd.run(T, c).ok();
    }

    @Override
    public void close() {
        for (String n : namespaces) Cmd.run(T, "ip", "netns", "del", n);
        namespaces.clear();
    }
}

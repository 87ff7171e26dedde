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

    /**
     * L with two links: to R (192.0.2.0/25: L .1, R .2) and to R2 (192.0.2.128/25: L .129, R2
     * .130). Protected addresses on lo: L 198.51.100.1, R 203.0.113.1, R2 203.0.113.129.
     */
    public static NetnsLab threeHosts(String tag) {
        NetnsLab lab = new NetnsLab("ve-" + tag + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff)) + "-");
        try {
            for (String side : List.of("L", "R", "R2")) lab.addNamespace(lab.ns(side));
            lab.link("L", "192.0.2.1/25", "R", "192.0.2.2/25");
            lab.link("L", "192.0.2.129/25", "R2", "192.0.2.130/25");
            ip("-n", lab.ns("L"), "addr", "add", "198.51.100.1/32", "dev", "lo");
            ip("-n", lab.ns("R"), "addr", "add", "203.0.113.1/32", "dev", "lo");
            ip("-n", lab.ns("R2"), "addr", "add", "203.0.113.129/32", "dev", "lo");
        } catch (RuntimeException | AssertionError e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /**
     * L behind a NAT router N: L 169.254.100.2/24 (default route via N), N inside 169.254.100.1
     * and outside 192.0.2.1/24 with nft masquerade, R 192.0.2.2/24. Protected: L 198.51.100.1,
     * R 203.0.113.1.
     */
    public static NetnsLab behindNat(String tag) {
        NetnsLab lab = new NetnsLab("ve-" + tag + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff)) + "-");
        try {
            for (String side : List.of("L", "N", "R")) lab.addNamespace(lab.ns(side));
            lab.link("L", "169.254.100.2/24", "N", "169.254.100.1/24");
            lab.link("N", "192.0.2.1/24", "R", "192.0.2.2/24");
            ip("-n", lab.ns("L"), "route", "add", "default", "via", "169.254.100.1");
            ip("-n", lab.ns("L"), "addr", "add", "198.51.100.1/32", "dev", "lo");
            ip("-n", lab.ns("R"), "addr", "add", "203.0.113.1/32", "dev", "lo");
            Cmd.run(T, Cmd.inNetns(lab.ns("N"), "sysctl", "-qw", "net.ipv4.ip_forward=1")).ok();
            Cmd.run(T, Cmd.inNetns(lab.ns("N"), "nft", "add table ip nat; "
                    + "add chain ip nat post { type nat hook postrouting priority 100 ; } ; "
                    + "add rule ip nat post ip saddr 169.254.100.0/24 masquerade")).ok();
        } catch (RuntimeException | AssertionError e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** A veth between two sides, each end with an address, up. */
    void link(String a, String addrA, String b, String addrB) {
        // interface names are limited to 15 characters: keep them short but unique per lab
        String id = "v" + Integer.toHexString(prefix.hashCode() & 0xffff) + "x" + links++;
        String ea = id + "a";
        String eb = id + "b";
        ip("link", "add", ea, "type", "veth", "peer", "name", eb);
        ip("link", "set", ea, "netns", ns(a));
        ip("link", "set", eb, "netns", ns(b));
        ip("-n", ns(a), "addr", "add", addrA, "dev", ea);
        ip("-n", ns(b), "addr", "add", addrB, "dev", eb);
        ip("-n", ns(a), "link", "set", ea, "up");
        ip("-n", ns(b), "link", "set", eb, "up");
    }

    private int links;

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

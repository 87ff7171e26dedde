#!/usr/bin/env python3
"""Turns scripts/bench.sh's per-peer result files (key=value lines) into a table on stdout,
bench.json and, when matplotlib is there, bench.png (one panel per measurement)."""
import argparse
import json
import os
import sys
import time

ORDER = ["vpnd", "vpnd_offload_off", "strongswan_libipsec", "openvpn"]
COLORS = {"vpnd": "#1f77b4", "vpnd_offload_off": "#9ecae1", "strongswan_libipsec": "#d62728", "openvpn": "#ff7f0e"}
NUMERIC_LISTS = ("tcp1_rounds", "tcp4_rounds")


def load(results):
    peers = {}
    for key in sorted(os.listdir(results), key=lambda k: ORDER.index(k) if k in ORDER else 99):
        d = {}
        with open(os.path.join(results, key)) as f:
            for line in f:
                if "=" not in line:
                    continue
                k, v = line.rstrip("\n").split("=", 1)
                if k == "label":
                    d[k] = v
                elif k in NUMERIC_LISTS:
                    d[k] = [float(x) for x in v.split()]
                else:
                    try:
                        d[k] = float(v)
                    except ValueError:
                        d[k] = v
        for side in ("cpu_pct", "rss_mb", "rss_peak_mb"):
            if side + "_L" in d and side + "_R" in d:
                d[side + "_total" if side == "cpu_pct" else side + "_max"] = (
                    d[side + "_L"] + d[side + "_R"] if side == "cpu_pct" else max(d[side + "_L"], d[side + "_R"]))
        peers[key] = d
    return peers


def ratio(a, b):
    return round(a / b, 2) if a and b else None


def table(peers, args):
    rows = [
        ("TCP, 1 stream", "tcp1_gbps", "Gbps", "%.2f"),
        ("TCP, 4 streams", "tcp4_gbps", "Gbps", "%.2f"),
        ("UDP 64 B received", "udp64_pps", "kpps", None),
        ("UDP 64 B loss", "udp64_loss_pct", "%", "%.0f"),
        ("ping idle avg", "ping_idle_avg_ms", "ms", "%.3f"),
        ("ping idle p99", "ping_idle_p99_ms", "ms", "%.3f"),
        ("ping under load avg", "ping_load_avg_ms", "ms", "%.2f"),
        ("ping under load p99", "ping_load_p99_ms", "ms", "%.2f"),
        ("CPU during TCP 1 (L+R)", "cpu_pct_total", "% core", "%.0f"),
        ("RSS per daemon (max)", "rss_mb_max", "MB", "%.0f"),
        ("RSS peak (max)", "rss_peak_mb_max", "MB", "%.0f"),
    ]
    keys = list(peers)
    w = 24
    out = ["", "%-32s" % "" + "".join("%*s" % (w, peers[k]["label"][:w - 2]) for k in keys)]
    for title, field, unit, fmt in rows:
        cells = []
        for k in keys:
            v = peers[k].get(field)
            if v is None:
                cells.append("%*s" % (w, "-"))
            elif field == "udp64_pps":
                cells.append("%*s" % (w, "%.0f %s" % (v / 1000, unit)))
            else:
                cells.append("%*s" % (w, (fmt % v) + " " + unit))
        out.append("%-32s" % title + "".join(cells))
    v = peers.get("vpnd", {})
    for other, name in (("strongswan_libipsec", "strongSwan"), ("openvpn", "OpenVPN")):
        o = peers.get(other)
        if v and o:
            out.append("%-32s%s" % ("vpnd / " + name + ", TCP 1 | 4",
                                   "%*s" % (w, "%sx | %sx" % (ratio(v.get("tcp1_gbps"), o.get("tcp1_gbps")),
                                                              ratio(v.get("tcp4_gbps"), o.get("tcp4_gbps"))))))
    out.append("")
    out.append("%ss per run, best of %d TCP rounds; %d CPUs, kernel %s; load average %s at start, %s at end"
               % (args.seconds, args.rounds, args.cpus, args.kernel, args.load_start, args.load_end))
    return "\n".join(out)


def chart(peers, args, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("no matplotlib (apt-get install python3-matplotlib): chart skipped", file=sys.stderr)
        return False
    keys = list(peers)
    labels = [peers[k]["label"].replace(" kernel-libipsec", "\nkernel-libipsec").replace(" (offload", "\n(offload")
              for k in keys]
    colors = [COLORS.get(k, "#7f7f7f") for k in keys]
    fig, axes = plt.subplots(2, 3, figsize=(15, 8.5))
    fig.suptitle("VPN data planes on one %d-CPU machine (both ends and iperf3 on it), %s" % (args.cpus, args.date),
                 fontsize=13, fontweight="bold")

    def bars(ax, field, title, unit, scale=1.0, fmt="%.2f"):
        vals = [(peers[k].get(field) or 0) * scale for k in keys]
        b = ax.bar(range(len(keys)), vals, color=colors)
        ax.set_title(title)
        ax.set_ylabel(unit)
        ax.set_xticks(range(len(keys)))
        ax.set_xticklabels(labels, fontsize=8)
        for rect, v in zip(b, vals):
            ax.annotate(fmt % v, (rect.get_x() + rect.get_width() / 2, rect.get_height()),
                        ha="center", va="bottom", fontsize=9)
        ax.margins(y=0.15)

    bars(axes[0][0], "tcp1_gbps", "TCP throughput, 1 stream (higher is better)", "Gbit/s")
    bars(axes[0][1], "tcp4_gbps", "TCP throughput, 4 streams (higher is better)", "Gbit/s")
    bars(axes[0][2], "udp64_pps", "UDP, 64-octet payloads, received (higher is better)", "kpackets/s", 1e-3, "%.0f")

    ax = axes[1][0]
    x = range(len(keys))
    width = 0.38
    idle = [peers[k].get("ping_idle_p99_ms") or 0 for k in keys]
    load = [peers[k].get("ping_load_p99_ms") or 0 for k in keys]
    b1 = ax.bar([i - width / 2 for i in x], idle, width, color="#bbbbbb", label="idle")
    b2 = ax.bar([i + width / 2 for i in x], load, width, color=colors, label="under 1 TCP stream")
    for rect, v in list(zip(b1, idle)) + list(zip(b2, load)):
        ax.annotate("%.2f" % v, (rect.get_x() + rect.get_width() / 2, rect.get_height()), ha="center",
                    va="bottom", fontsize=8)
    ax.set_title("ping p99 latency (lower is better)")
    ax.set_ylabel("ms")
    ax.set_xticks(list(x))
    ax.set_xticklabels(labels, fontsize=8)
    ax.legend(fontsize=8)
    ax.margins(y=0.15)

    bars(axes[1][1], "cpu_pct_total", "CPU of both daemons during TCP 1 stream", "% of one core", fmt="%.0f")
    bars(axes[1][2], "rss_mb_max", "Resident memory per daemon (RSS)", "MB", fmt="%.0f")
    fig.text(0.5, 0.01, "%ss per run, best of %d TCP rounds; kernel %s; load average %s at start, %s at end"
             % (args.seconds, args.rounds, args.kernel, args.load_start, args.load_end), ha="center", fontsize=9)
    fig.tight_layout(rect=(0, 0.03, 1, 0.95))
    fig.savefig(path, dpi=110)
    return True


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--results", required=True)
    p.add_argument("--json", required=True)
    p.add_argument("--chart")
    p.add_argument("--seconds", type=int)
    p.add_argument("--rounds", type=int)
    p.add_argument("--cpus", type=int)
    p.add_argument("--kernel")
    p.add_argument("--load-start")
    p.add_argument("--load-end")
    args = p.parse_args()
    args.date = time.strftime("%Y-%m-%d %H:%M")
    peers = load(args.results)
    print(table(peers, args))
    doc = {"date": args.date, "seconds": args.seconds, "rounds": args.rounds, "cpus": args.cpus,
           "kernel": args.kernel, "loadavg_start": args.load_start, "loadavg_end": args.load_end}
    doc.update(peers)
    v = peers.get("vpnd", {})
    for other, name in (("strongswan_libipsec", "strongswan"), ("openvpn", "openvpn")):
        if v and other in peers:
            doc["ratio_tcp1_vs_" + name] = ratio(v.get("tcp1_gbps"), peers[other].get("tcp1_gbps"))
            doc["ratio_tcp4_vs_" + name] = ratio(v.get("tcp4_gbps"), peers[other].get("tcp4_gbps"))
    with open(args.json, "w") as f:
        json.dump(doc, f, indent=1)
    print("written " + args.json)
    if args.chart and chart(peers, args, args.chart):
        print("written " + args.chart)


if __name__ == "__main__":
    main()

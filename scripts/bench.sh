#!/usr/bin/env bash
# Benchmark (not a test): the same measurements, in one run on one machine, through
#   vpnd <-> vpnd                                   (IKEv2, ESP AES-256-GCM, UDP-encapsulated)
#   strongSwan kernel-libipsec <-> kernel-libipsec  (same proposal, encap=yes)
#   OpenVPN 2.6 <-> OpenVPN 2.6                     (TLS p2p, AES-256-GCM, UDP)
# each in a fresh two-namespace lab: iperf3 TCP with 1 and 4 streams, UDP packets/s with 64-octet
# payloads, ping latency idle and under a TCP load, and the daemons' CPU and memory (RSS).
# Prints a table; writes target/bench/bench.json and target/bench/bench.png.
#
#   sudo scripts/bench.sh [SECONDS] [ROUNDS] [options]
#     SECONDS   length of each measured run (default 10); ROUNDS: TCP rounds, the best counts (default 2).
#               Every peer first gets an unmeasured 5 s TCP warm-up (the JVM's JIT needs one).
#     --peers LIST      comma-separated subset of vpnd,strongswan,openvpn (default: all three)
#     --offload on|off|both   vpnd's dataplane.offload (default on; both = two vpnd rows)
#     --vpnd-home DIR   run the vpnd built in another checkout (for A/B comparisons)
#     --label TEXT      name the vpnd row(s) (default: vpnd)
#     --out DIR         where bench.json/bench.png go (default: target/bench)
#     --no-chart        skip the PNG
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=10; ROUNDS=2; WARMUP=5
PEERS=vpnd,strongswan,openvpn; OFFLOAD=on; LABEL=vpnd; OUT=$ROOT/target/bench; CHART=yes
POS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --peers) PEERS=$2; shift 2 ;;
    --offload) OFFLOAD=$2; shift 2 ;;
    --vpnd-home) export VPND_HOME; VPND_HOME=$(cd "$2" && pwd); shift 2 ;;
    --label) LABEL=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --no-chart) CHART=no; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    *) POS+=("$1"); shift ;;
  esac
done
[ ${#POS[@]} -ge 1 ] && T=${POS[0]}
[ ${#POS[@]} -ge 2 ] && ROUNDS=${POS[1]}
case "$OFFLOAD" in on|off|both) ;; *) echo "--offload on|off|both" >&2; exit 2 ;; esac
[ "$T" -ge 4 ] 2>/dev/null || { echo "SECONDS must be a number >= 4" >&2; exit 2; }

"$ROOT/scripts/lib/deps.sh" --with-peers --with-chart
P=${VPND_BENCH_PREFIX:-vpnd-bench-}
. "$ROOT/scripts/lib/lab.sh"
. "$ROOT/scripts/lib/vpnd.sh"
. "$ROOT/scripts/lib/strongswan.sh"
. "$ROOT/scripts/lib/openvpn.sh"
[ -n "${VPND_HOME:-}" ] || vpnd_build
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3   # Debian's, which has matplotlib
mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/vpnd-bench.XXXXXX)
RES=$WORK/results; mkdir -p "$RES"
BG=()
cleanup() {
  local pid
  for pid in "${BG[@]}"; do kill "$pid" 2>/dev/null || true; done
  vpnd_stop; swan_stop; ovpn_stop; lab_down; rm -rf "$WORK"
}
trap cleanup EXIT
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- measurements: traffic 198.51.100.1 (in ${P}L) -> 203.0.113.1 (in ${P}R) through the tunnel

# iperf_run OUTFILE ARGS...: one iperf3 run (server started for exactly one client)
iperf_run() {
  local out=$1; shift
  ns R timeout $((T + 20)) iperf3 -s -1 -B 203.0.113.1 > /dev/null 2>&1 &
  local srv=$!
  sleep 0.5   # iperf3 -1 serves exactly one client: no probe connection before it
  ns L timeout $((T + 20)) iperf3 -c 203.0.113.1 -B 198.51.100.1 -J "$@" > "$out" 2>&1 || true
  kill "$srv" 2>/dev/null || true; wait "$srv" 2>/dev/null || true
}
# tcp_gbps ARGS...: Gbps received in one TCP run
tcp_gbps() {
  iperf_run "$WORK/iperf.json" -t "$T" "$@"
  $PY -c 'import json,sys
try:
  e=json.load(open(sys.argv[1]))["end"]; s=e.get("sum_received") or e["sum"]; print("%.3f" % (s["bits_per_second"]/1e9))
except Exception: print("0")' "$WORK/iperf.json"
}
# udp_pps: "RECEIVED_PPS LOSS_PERCENT" for T seconds of 64-octet UDP payloads at full speed
udp_pps() {
  iperf_run "$WORK/udp.json" -u -l 64 -b 0 -t "$T"
  $PY -c 'import json,sys
try:
  e=json.load(open(sys.argv[1]))["end"]; s=e["sum"]
  got=s["packets"]-s["lost_packets"]; print("%.0f %.1f" % (got/s["seconds"], s["lost_percent"]))
except Exception: print("0 100")' "$WORK/udp.json"
}
# ping_stats COUNT: "AVG_MS P99_MS" of COUNT pings 10 ms apart
ping_stats() {
  ns L ping -n -i 0.01 -c "$1" -W 1 -I 198.51.100.1 203.0.113.1 > "$WORK/ping.txt" 2>&1 || true
  $PY -c 'import re,sys
t=sorted(float(x) for x in re.findall(r"time=([0-9.]+)", open(sys.argv[1]).read()))
if not t: print("0 0")
else: print("%.3f %.3f" % (sum(t)/len(t), t[min(len(t)-1, int(round(0.99*(len(t)-1))))]))' "$WORK/ping.txt"
}
# cpu_ticks PID...: utime+stime of each, in clock ticks
cpu_ticks() {
  local pid; for pid in "$@"; do awk '{print $14+$15}' "/proc/$pid/stat" 2>/dev/null || echo 0; done
}
# rss_kb PID FIELD: VmRSS or VmHWM (peak) of PID in kB
rss_kb() { awk -v f="$2:" '$1==f {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
best() { $PY -c 'import sys; print(max(float(x) for x in sys.argv[1:]))' "$@"; }

# measure KEY LABEL PID_L PID_R: every measurement through whatever tunnel is up; results in $RES/KEY
measure() {
  local key=$1 label=$2 pl=$3 pr=$4 f=$RES/$1 r=() i
  echo "label=$label" > "$f"
  T=$WARMUP tcp_gbps > /dev/null   # warm-up: the JIT compiles the data path
  local c0 t0 c1 t1
  c0=($(cpu_ticks "$pl" "$pr")); t0=$(date +%s.%N)
  for i in $(seq "$ROUNDS"); do r+=("$(tcp_gbps)"); done
  c1=($(cpu_ticks "$pl" "$pr")); t1=$(date +%s.%N)
  echo "tcp1_gbps=$(best "${r[@]}")" >> "$f"; echo "tcp1_rounds=${r[*]}" >> "$f"
  $PY -c 'import sys,os
c0l,c0r,c1l,c1r,t0,t1=map(float,sys.argv[1:]); hz=os.sysconf("SC_CLK_TCK"); el=t1-t0
print("cpu_pct_L=%.0f\ncpu_pct_R=%.0f" % ((c1l-c0l)/hz/el*100, (c1r-c0r)/hz/el*100))' \
    "${c0[0]}" "${c0[1]}" "${c1[0]}" "${c1[1]}" "$t0" "$t1" >> "$f"
  r=(); for i in $(seq "$ROUNDS"); do r+=("$(tcp_gbps -P 4)"); done
  echo "tcp4_gbps=$(best "${r[@]}")" >> "$f"; echo "tcp4_rounds=${r[*]}" >> "$f"
  read -r pps loss < <(udp_pps)
  echo "udp64_pps=$pps" >> "$f"; echo "udp64_loss_pct=$loss" >> "$f"
  read -r avg p99 < <(ping_stats 200)
  echo "ping_idle_avg_ms=$avg" >> "$f"; echo "ping_idle_p99_ms=$p99" >> "$f"
  # under load: pings while one TCP stream runs, from its second second to one second before its end
  tcp_gbps > "$WORK/loaded.txt" &
  local load=$!; BG+=("$load")
  sleep 1.5
  read -r avg p99 < <(ping_stats $(( (T - 3) * 100 )))
  wait "$load" || true
  echo "ping_load_avg_ms=$avg" >> "$f"; echo "ping_load_p99_ms=$p99" >> "$f"
  echo "ping_load_tcp_gbps=$(cat "$WORK/loaded.txt")" >> "$f"
  echo "rss_mb_L=$(( $(rss_kb "$pl" VmRSS) / 1024 ))" >> "$f"; echo "rss_mb_R=$(( $(rss_kb "$pr" VmRSS) / 1024 ))" >> "$f"
  echo "rss_peak_mb_L=$(( $(rss_kb "$pl" VmHWM) / 1024 ))" >> "$f"; echo "rss_peak_mb_R=$(( $(rss_kb "$pr" VmHWM) / 1024 ))" >> "$f"
  sed 's/^/   /' "$f"
}
tunnel_up() {
  wait_for 30 ns L ping -c1 -W1 -I 198.51.100.1 203.0.113.1
}

run_vpnd() { # KEY LABEL OFFLOAD
  lab_up
  VPND_OFFLOAD=$3 vpnd_ike_configs "$WORK"
  for s in L R; do vpnd_start "$s" "$WORK/$s.yaml" "$WORK/vpnd-$s.log"; done
  tunnel_up || { echo "vpnd tunnel did not come up"; tail -20 "$WORK"/vpnd-*.log; exit 1; }
  measure "$1" "$2" "${VPND_PIDS[0]}" "${VPND_PIDS[1]}"
  vpnd_stop; lab_down
}
run_swan() {
  lab_up
  local prop=aes256gcm16-prfsha256-ecp256
  swan_start L 192.0.2.1 192.0.2.2 198.51.100.0/24 203.0.113.0/24 $prop aes256gcm16 >/dev/null 2>&1
  swan_start R 192.0.2.2 192.0.2.1 203.0.113.0/24 198.51.100.0/24 $prop aes256gcm16 >/dev/null 2>&1
  swan_initiate L >/dev/null 2>&1
  tunnel_up || { echo "strongSwan tunnel did not come up"; tail -30 "$SWAN_RUN"/*/charon.log; exit 1; }
  measure strongswan_libipsec "strongSwan kernel-libipsec" "${SWAN_PIDS[0]}" "${SWAN_PIDS[1]}"
  swan_stop 2>/dev/null; lab_down
}
run_ovpn() {
  lab_up
  ovpn_start "$WORK"
  tunnel_up || { echo "OpenVPN tunnel did not come up"; tail -20 "$OVPN_DIR"/*.log; exit 1; }
  local pids; pids=($(ovpn_pids))
  measure openvpn "OpenVPN 2.6" "${pids[0]}" "${pids[1]}"
  ovpn_stop; lab_down
}

echo "== ${T}s per run, ${ROUNDS} TCP rounds (best counts), $(nproc) CPUs, kernel $(uname -r)"
IFS=, read -ra WANT <<< "$PEERS"
for peer in "${WANT[@]}"; do
  case "$peer" in
    vpnd)
      if [ "$OFFLOAD" != off ]; then
        echo "== $LABEL <-> $LABEL (IKEv2, ESP AES-256-GCM, UDP-encapsulated, offload on)"
        run_vpnd vpnd "$LABEL" true
      fi
      if [ "$OFFLOAD" != on ]; then
        key=vpnd; [ "$OFFLOAD" = both ] && key=vpnd_offload_off
        echo "== $LABEL <-> $LABEL (IKEv2, ESP AES-256-GCM, UDP-encapsulated, offload off)"
        run_vpnd "$key" "$LABEL (offload off)" false
      fi ;;
    strongswan) echo "== strongSwan kernel-libipsec <-> kernel-libipsec (ESP AES-256-GCM, encap=yes)"; run_swan ;;
    openvpn) echo "== OpenVPN 2.6 <-> OpenVPN 2.6 (TLS p2p, AES-256-GCM, UDP)"; run_ovpn ;;
    *) echo "unknown peer $peer" >&2; exit 2 ;;
  esac
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average at end: $LOAD_END"

CHART_ARG=(); [ "$CHART" = yes ] && CHART_ARG=(--chart "$OUT/bench.png")
$PY "$ROOT/scripts/lib/bench_report.py" --results "$RES" --json "$OUT/bench.json" "${CHART_ARG[@]}" \
  --seconds "$T" --rounds "$ROUNDS" --cpus "$(nproc)" --kernel "$(uname -r)" \
  --load-start "$LOAD_START" --load-end "$LOAD_END"

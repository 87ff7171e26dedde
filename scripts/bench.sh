#!/usr/bin/env bash
# Throughput benchmark (not a test): iperf3 TCP through vpnd<->vpnd and, in the same run on the
# same machine, through strongSwan kernel-libipsec<->kernel-libipsec, with the same cipher.
# Prints Gbps side by side and the ratio; writes the numbers as JSON.
#   sudo scripts/bench.sh [SECONDS] [ROUNDS]      (default 10 s, 2 rounds; best round counts;
#   each peer first gets an unmeasured 5 s warm-up run, which the JVM's JIT needs)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=${1:-10}; ROUNDS=${2:-2}; WARMUP=5
"$ROOT/scripts/lib/deps.sh" --with-peers
P=vpnd-bench-
. "$ROOT/scripts/lib/lab.sh"
. "$ROOT/scripts/lib/vpnd.sh"
. "$ROOT/scripts/lib/strongswan.sh"
vpnd_build
OUT=$ROOT/target/bench; mkdir -p "$OUT"
WORK=$(mktemp -d /tmp/vpnd-bench.XXXXXX)
cleanup() { vpnd_stop; swan_stop; lab_down; rm -rf "$WORK"; }
trap cleanup EXIT

# iperf_gbps ARGS...: one iperf3 TCP run 198.51.100.1 -> 203.0.113.1, prints Gbps
iperf_gbps() {
  ns R iperf3 -s -1 -B 203.0.113.1 > /dev/null 2>&1 &
  local srv=$!
  sleep 0.5   # iperf3 -1 serves exactly one client: no probe connection before it
  ns L iperf3 -c 203.0.113.1 -B 198.51.100.1 -t "$T" -J "$@" > "$WORK/iperf.json" 2>&1 || true
  kill "$srv" 2>/dev/null; wait "$srv" 2>/dev/null || true
  python3 -c 'import json,sys
try:
  e=json.load(open(sys.argv[1]))["end"]; s=e.get("sum_received") or e["sum"]; print("%.3f" % (s["bits_per_second"]/1e9))
except Exception: print("0")' "$WORK/iperf.json"
}
best() { python3 -c 'import sys; print(max(float(x) for x in sys.argv[1:]))' "$@"; }

run_vpnd() {
  lab_up
  vpnd_ike_configs "$WORK"
  for s in L R; do vpnd_start "$s" "$WORK/$s.yaml" "$WORK/vpnd-$s.log"; done
  wait_for 30 ns L ping -c1 -W1 -I 198.51.100.1 203.0.113.1 || { echo "vpnd tunnel did not come up"; cat "$WORK"/vpnd-*.log; exit 1; }
  T=$WARMUP iperf_gbps > /dev/null   # let the JIT compile the data path before measuring
  local r=() i
  for i in $(seq "$ROUNDS"); do r+=("$(iperf_gbps)"); done
  VPND_1=$(best "${r[@]}"); VPND_1_ALL="${r[*]}"
  r=(); for i in $(seq "$ROUNDS"); do r+=("$(iperf_gbps -P 4)"); done
  VPND_4=$(best "${r[@]}")
  vpnd_stop; lab_down
}
run_swan() {
  lab_up
  swan_start L 192.0.2.1 192.0.2.2 198.51.100.0/24 203.0.113.0/24 aes256gcm16-prfsha256-ecp256 aes256gcm16 >/dev/null 2>&1
  swan_start R 192.0.2.2 192.0.2.1 203.0.113.0/24 198.51.100.0/24 aes256gcm16-prfsha256-ecp256 aes256gcm16 >/dev/null 2>&1
  swan_initiate L
  wait_for 30 ns L ping -c1 -W1 -I 198.51.100.1 203.0.113.1 || { echo "strongSwan tunnel did not come up"; cat "$SWAN_RUN"/*/charon.log | tail -30; exit 1; }
  T=$WARMUP iperf_gbps > /dev/null   # same warm-up as vpnd gets
  local r=() i
  for i in $(seq "$ROUNDS"); do r+=("$(iperf_gbps)"); done
  SWAN_1=$(best "${r[@]}"); SWAN_1_ALL="${r[*]}"
  r=(); for i in $(seq "$ROUNDS"); do r+=("$(iperf_gbps -P 4)"); done
  SWAN_4=$(best "${r[@]}")
  swan_stop; lab_down
}

echo "== vpnd <-> vpnd (IKEv2, ESP AES-256-GCM, UDP-encapsulated), ${T}s x ${ROUNDS}"
run_vpnd
echo "== strongSwan kernel-libipsec <-> kernel-libipsec (ESP AES-256-GCM, encap=yes), ${T}s x ${ROUNDS}"
run_swan

RATIO1=$(python3 -c "print('%.1f' % ($VPND_1/$SWAN_1) if $SWAN_1 > 0 else 'n/a')")
RATIO4=$(python3 -c "print('%.1f' % ($VPND_4/$SWAN_4) if $SWAN_4 > 0 else 'n/a')")
printf '\n%-36s %12s %12s\n' "" "1 stream" "4 streams"
printf '%-36s %8s Gbps %7s Gbps\n' "vpnd (userspace, Java)" "$VPND_1" "$VPND_4"
printf '%-36s %8s Gbps %7s Gbps\n' "strongSwan kernel-libipsec" "$SWAN_1" "$SWAN_4"
printf '%-36s %11sx %11sx\n' "vpnd / strongSwan" "$RATIO1" "$RATIO4"
cat > "$OUT/bench.json" <<JSON
{"seconds": $T, "rounds": $ROUNDS, "cpus": $(nproc), "kernel": "$(uname -r)",
 "vpnd": {"tcp1_gbps": $VPND_1, "tcp4_gbps": $VPND_4, "tcp1_rounds": "$VPND_1_ALL"},
 "strongswan_libipsec": {"tcp1_gbps": $SWAN_1, "tcp4_gbps": $SWAN_4, "tcp1_rounds": "$SWAN_1_ALL"},
 "ratio_tcp1": "$RATIO1", "ratio_tcp4": "$RATIO4"}
JSON
echo "written $OUT/bench.json"

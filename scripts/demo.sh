#!/usr/bin/env bash
# The vpnd demo: two gateways in network namespaces, a vpnd in each, a tunnel between them,
# traffic through it, and what vpnd says about it. Cleans up after itself.
#   sudo scripts/demo.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/scripts/lib/deps.sh"
P=vpnd-demo-
. "$ROOT/scripts/lib/lab.sh"
. "$ROOT/scripts/lib/vpnd.sh"
vpnd_build

WORK=$(mktemp -d /tmp/vpnd-demo.XXXXXX)
IPERF=
cleanup() {
  [ -n "$IPERF" ] && kill "$IPERF" 2>/dev/null
  vpnd_stop
  lab_down
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== two gateways: ${P}L (192.0.2.1, networks 198.51.100.0/24 + 2001:db8:1::/48)"
echo "                 ${P}R (192.0.2.2, networks 203.0.113.0/24 + 2001:db8:2::/48)"
lab_up
vpnd_ike_configs "$WORK"
for s in L R; do
  "$ROOT/bin/vpnd" check --config "$WORK/$s.yaml"
done
for s in L R; do vpnd_start "$s" "$WORK/$s.yaml" "$WORK/$s.log"; done

echo "== waiting for the tunnel (IKEv2: left initiates, right responds)"
for s in L R; do
  wait_for 30 test -S "$WORK/$s.sock" || { echo "vpnd $s did not start:"; cat "$WORK/$s.log"; exit 1; }
done
wait_for 20 ns L ping -c1 -W1 -I 198.51.100.1 203.0.113.1 || { echo "no traffic through the tunnel"; cat "$WORK"/*.log; exit 1; }

echo; echo "== ping 198.51.100.1 -> 203.0.113.1 through the tunnel"
ns L ping -c 4 -i 0.2 -I 198.51.100.1 203.0.113.1
echo; echo "== ping 2001:db8:2::1 -> 2001:db8:1::1 (IPv6 inside, the other way)"
ns R ping -6 -c 4 -i 0.2 -I 2001:db8:2::1 2001:db8:1::1
echo; echo "== iperf3: one TCP stream for 5 s"
ns R iperf3 -s -1 -B 203.0.113.1 > /dev/null 2>&1 &
IPERF=$!
sleep 0.5   # iperf3 -1 serves exactly one client: no probe connection before it
ns L iperf3 -c 203.0.113.1 -B 198.51.100.1 -t 5 -f m | tail -4
kill "$IPERF" 2>/dev/null || true; wait "$IPERF" 2>/dev/null || true; IPERF=

echo; echo "== vpnctl status (left)"
ns L "$ROOT/bin/vpnctl" --socket "$WORK/L.sock" status
echo; echo "== vpnctl sas (right): the IKE SA and the Child SA it negotiated"
ns R "$ROOT/bin/vpnctl" --socket "$WORK/R.sock" sas
echo; echo "== vpnctl routes (left), and the kernel's view"
ns L "$ROOT/bin/vpnctl" --socket "$WORK/L.sock" routes
ns L ip route show dev vti-demo
ns L ip -6 route show dev vti-demo
echo; echo "== Prometheus metrics (left), a few lines"
ns L curl -s http://127.0.0.1:9469/metrics | grep -E '^vpnd_tunnel_(state|bytes|packets)' | head -8
echo; echo "== stopping both vpnd (SIGTERM)"
vpnd_stop
echo "TUN interfaces left behind: $(ns L ip tuntap show | wc -l) left, $(ns R ip tuntap show | wc -l) right"
echo "demo done"

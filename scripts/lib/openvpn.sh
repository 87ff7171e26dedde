#!/usr/bin/env bash
# OpenVPN 2.6 (TLS p2p, AES-256-GCM data channel, UDP, tun) between the two lab namespaces, for
# side-by-side benchmarks; a throwaway PKI (P-256) is made at run time. Sourced after lab.sh.
#   ovpn_start DIR        starts both ends, routes the protected addresses through the tunnel
#   ovpn_pids             prints the two daemons' pids (L first)
#   ovpn_stop             stops the daemons this shell started
OVPN_DIR=
ovpn_pki() {
  local d=$1 n
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$d/ca.key" -out "$d/ca.crt" \
    -subj /CN=vpnd-bench-ca -days 2 2>/dev/null
  for n in L R; do
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$d/$n.key" -out "$d/$n.csr" \
      -subj "/CN=$n" 2>/dev/null
    openssl x509 -req -in "$d/$n.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -out "$d/$n.crt" \
      -days 2 2>/dev/null
  done
}
ovpn_start() {
  OVPN_DIR=$1/openvpn; mkdir -p "$OVPN_DIR"
  ovpn_pki "$OVPN_DIR"
  local common=(--dev tun --proto udp --ca "$OVPN_DIR/ca.crt" --data-ciphers AES-256-GCM --verb 1
                --mute-replay-warnings --ping 10 --ping-exit 120)
  ns R openvpn --daemon --writepid "$OVPN_DIR/R.pid" --log "$OVPN_DIR/R.log" "${common[@]}" \
    --local 192.0.2.2 --remote 192.0.2.1 --tls-server --dh none --cert "$OVPN_DIR/R.crt" --key "$OVPN_DIR/R.key" \
    --ifconfig 169.254.10.2 169.254.10.1 --route 198.51.100.1 255.255.255.255
  ns L openvpn --daemon --writepid "$OVPN_DIR/L.pid" --log "$OVPN_DIR/L.log" "${common[@]}" \
    --local 192.0.2.1 --remote 192.0.2.2 --tls-client --cert "$OVPN_DIR/L.crt" --key "$OVPN_DIR/L.key" \
    --ifconfig 169.254.10.1 169.254.10.2 --route 203.0.113.1 255.255.255.255
}
ovpn_pids() {
  local s
  for s in L R; do [ -f "$OVPN_DIR/$s.pid" ] && cat "$OVPN_DIR/$s.pid"; done
}
ovpn_stop() {
  [ -n "$OVPN_DIR" ] || return 0
  local pid
  for pid in $(ovpn_pids); do kill "$pid" 2>/dev/null || true; done
  for pid in $(ovpn_pids); do
    local i; for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  done
  OVPN_DIR=
}

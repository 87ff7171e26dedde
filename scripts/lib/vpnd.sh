#!/usr/bin/env bash
# Configs for, and processes of, the two vpnd in a lab (sourced after lab.sh; needs ROOT).
#   vpnd_ike_configs DIR [IKE] [ESP]    writes DIR/L.yaml and DIR/R.yaml: one tunnel "demo" over
#                                       IKEv2 with a fresh random PSK, IPv4 + IPv6 inside
#   vpnd_start SIDE CONFIG LOG          starts bin/vpnd in ${P}SIDE, remembers its pid
#   vpnd_stop                           SIGTERM to the vpnd this shell started, then waits
# VPND_OFFLOAD=true|false adds dataplane.offload to the configs; VPND_HOME runs another built checkout.
VPND_PIDS=()
_vpnd_config() { # SIDE LOCAL REMOTE LNET RNET LNET6 RNET6 INSIDE DIR PSK START IKE ESP
  cat <<YAML
api:
  socket: ${9}/$1.sock
metrics:
  prometheus: 127.0.0.1:9469
ike:
  address: $2
$( [ -n "${VPND_OFFLOAD:-}" ] && printf 'dataplane:\n  offload: %s\n' "$VPND_OFFLOAD" )
tunnels:
  demo:
    local:
      address: $2
      id: $1.vpnd.test
    remote:
      address: $3
      id: $( [ "$1" = L ] && echo R || echo L ).vpnd.test
    auth:
      psk: "${10}"
    ike:
      proposals: [${12}]
    esp:
      proposals: [${13}]
    selectors:
      local: [$4, $6]
      remote: [$5, $7]
    interface:
      name: vti-demo
      mtu: 1400
      address: $8
    routes: [$5, $7]
    start: ${11}
YAML
}
# vpnd_ike_configs DIR [IKE_PROPOSAL] [ESP_PROPOSAL]: L initiates, R responds; a fresh random PSK
vpnd_ike_configs() {
  local dir=$1 ike=${2:-aes256gcm16-prfsha256-ecp256} esp=${3:-aes256gcm16} psk
  psk=$(hexkey 24)
  _vpnd_config L 192.0.2.1 192.0.2.2 198.51.100.0/24 203.0.113.0/24 2001:db8:1::/48 2001:db8:2::/48 \
    169.254.10.1/30 "$dir" "$psk" initiate "$ike" "$esp" > "$dir/L.yaml"
  _vpnd_config R 192.0.2.2 192.0.2.1 203.0.113.0/24 198.51.100.0/24 2001:db8:2::/48 2001:db8:1::/48 \
    169.254.10.2/30 "$dir" "$psk" respond "$ike" "$esp" > "$dir/R.yaml"
}
vpnd_start() {
  ip netns exec "${P}$1" "${VPND_HOME:-$ROOT}/bin/vpnd" --config "$2" > "$3" 2>&1 &
  VPND_PIDS+=($!)
}
vpnd_stop() {
  local pid
  for pid in "${VPND_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${VPND_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  VPND_PIDS=()
}
# vpnd_build: package vpnd unless this checkout already has it built
vpnd_build() {
  if [ ! -f "$ROOT/appliance/target/vpnd-appliance.jar" ] || [ ! -f "$ROOT/cli/target/vpnd-cli.jar" ]; then
    echo "== building vpnd (mvn -B package -DskipTests)"
    (cd "$ROOT" && mvn -B -q package -DskipTests)
  fi
}

#!/usr/bin/env bash
# Configs for, and processes of, the two vpnd in a lab (sourced after lab.sh; needs ROOT).
#   vpnd_manual_configs DIR [PROPOSAL]  writes DIR/L.yaml and DIR/R.yaml: one tunnel "demo",
#                                       manual keys (fresh random ones), IPv4 + IPv6 inside
#   vpnd_start SIDE CONFIG LOG          starts bin/vpnd in ${P}SIDE, remembers its pid
#   vpnd_stop                           SIGTERM to the vpnd this shell started, then waits
VPND_PIDS=()
_vpnd_config() { # SIDE LOCAL REMOTE LNET RNET LNET6 RNET6 SPI_IN SPI_OUT KEY_IN KEY_OUT INSIDE DIR PROPOSAL
  cat <<YAML
api:
  socket: ${13}/$1.sock
metrics:
  prometheus: 127.0.0.1:9469
ike:
  address: $2
tunnels:
  demo:
    local:
      address: $2
    remote:
      address: $3
    manual:
      spiIn: $8
      spiOut: $9
      proposal: ${14}
      keyIn: "${10}"
      keyOut: "${11}"
    selectors:
      local: [$4, $6]
      remote: [$5, $7]
    interface:
      name: vti-demo
      mtu: 1400
      address: ${12}
    routes: [$5, $7]
YAML
}
vpnd_manual_configs() {
  local dir=$1 proposal=${2:-aes256gcm16}
  local klr krl
  klr=$(hexkey 36); krl=$(hexkey 36)
  _vpnd_config L 192.0.2.1 192.0.2.2 198.51.100.0/24 203.0.113.0/24 2001:db8:1::/48 2001:db8:2::/48 \
    0xc0000201 0xc0000102 "$krl" "$klr" 169.254.10.1/30 "$dir" "$proposal" > "$dir/L.yaml"
  _vpnd_config R 192.0.2.2 192.0.2.1 203.0.113.0/24 198.51.100.0/24 2001:db8:2::/48 2001:db8:1::/48 \
    0xc0000102 0xc0000201 "$klr" "$krl" 169.254.10.2/30 "$dir" "$proposal" > "$dir/R.yaml"
}
vpnd_start() {
  ip netns exec "${P}$1" "$ROOT/bin/vpnd" --config "$2" > "$3" 2>&1 &
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

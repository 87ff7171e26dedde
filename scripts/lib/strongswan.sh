#!/usr/bin/env bash
# strongSwan charon with kernel-libipsec (userspace ESP over TUN) inside a lab namespace, for
# interop tests and side-by-side benchmarks. Sourced after lab.sh.
#   swan_start SIDE LOCAL_ADDR REMOTE_ADDR LOCAL_TS REMOTE_TS [IKE_PROPOSAL] [ESP_PROPOSAL]
#   swan_initiate SIDE      (brings up the child "net" from that side)
#   swan_stop               (stops the charons this shell started, by pid)
SWAN_RUN=${SWAN_RUN:-/run/vpnd-swan}
SWAN_PIDS=()
swan_start() {
  local side=$1 local_addr=$2 remote_addr=$3 local_ts=$4 remote_ts=$5
  local ike=${6:-aes256gcm16-prfsha256-ecp256} esp=${7:-aes256gcm16-ecp256}
  local d=$SWAN_RUN/$side
  rm -rf "$d"; mkdir -p "$d"/swanctl/{x509,x509ca,private,pubkey,rsa,ecdsa,pkcs8,pkcs12,x509ocsp,x509aa,x509ac,x509crl,bliss}
  cat > "$d/strongswan.conf" <<EOC
charon-systemd {
  load_modular = yes
  install_routes = yes
  plugins {
    include /etc/strongswan.d/charon/*.conf
    vici { socket = unix://$d/charon.vici }
    kernel-libipsec { load = yes }
  }
  journal { default = -1 }
  filelog { main { path = $d/charon.log
    time_format = %T
    default = 1 } }
}
EOC
  cat > "$d/swanctl/swanctl.conf" <<EOC
connections {
  bench {
    version = 2
    local_addrs = $local_addr
    remote_addrs = $remote_addr
    proposals = $ike
    encap = yes
    local { auth = psk
            id = $local_addr }
    remote { auth = psk
             id = $remote_addr }
    children {
      net {
        local_ts = $local_ts
        remote_ts = $remote_ts
        esp_proposals = $esp
        start_action = none
      }
    }
  }
}
secrets { ike-bench { secret = "bench-shared-secret-0123456789" } }
EOC
  STRONGSWAN_CONF=$d/strongswan.conf ip netns exec "${P}$side" setsid /usr/sbin/charon-systemd </dev/null >"$d/stdout" 2>&1 &
  SWAN_PIDS+=($!)
  echo $! > "$d/pid"
  local i
  for i in $(seq 50); do [ -S "$d/charon.vici" ] && break; sleep 0.1; done
  [ -S "$d/charon.vici" ] || { echo "charon $side did not start"; cat "$d/stdout"; return 1; }
  ip netns exec "${P}$side" swanctl --load-all --file "$d/swanctl/swanctl.conf" --uri "unix://$d/charon.vici" >/dev/null
}
swan_initiate() {
  ip netns exec "${P}$1" swanctl --initiate --child net --uri "unix://$SWAN_RUN/$1/charon.vici" >/dev/null
}
swan_stop() {
  local pid
  for pid in "${SWAN_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SWAN_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  SWAN_PIDS=()
}

#!/usr/bin/env bash
# Two gateways in network namespaces joined by a veth "internet" (sourced by demo/bench scripts).
#   ${P}L: wan 192.0.2.1/24, protected 198.51.100.1 and 2001:db8:1::1 on lo
#   ${P}R: wan 192.0.2.2/24, protected 203.0.113.1 and 2001:db8:2::1 on lo
# P (the namespace prefix) defaults to "vpnd-"; everything is removed by lab_down.
P=${P:-vpnd-}
lab_up() {
  lab_down
  for s in L R; do ip netns add "${P}$s"; ip -n "${P}$s" link set lo up; done
  ip link add "${P}wL" type veth peer name "${P}wR"
  ip link set "${P}wL" netns "${P}L"; ip link set "${P}wR" netns "${P}R"
  ip -n "${P}L" link set "${P}wL" name wan; ip -n "${P}R" link set "${P}wR" name wan
  ip -n "${P}L" addr add 192.0.2.1/24 dev wan; ip -n "${P}L" link set wan up
  ip -n "${P}R" addr add 192.0.2.2/24 dev wan; ip -n "${P}R" link set wan up
  ip -n "${P}L" addr add 198.51.100.1/32 dev lo; ip -n "${P}L" addr add 2001:db8:1::1/128 dev lo nodad
  ip -n "${P}R" addr add 203.0.113.1/32 dev lo; ip -n "${P}R" addr add 2001:db8:2::1/128 dev lo nodad
}
lab_down() {
  for s in L R; do ip netns del "${P}$s" 2>/dev/null || true; done
}
# ns SIDE CMD... : run a command in namespace ${P}SIDE
ns() { local s=$1; shift; ip netns exec "${P}$s" "$@"; }
# hexkey N: N random octets as hex
hexkey() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }
# wait_for SECONDS CMD...: retry CMD every 0.2 s until it succeeds or time runs out
wait_for() {
  local t=$1; shift; local end=$((SECONDS + t))
  until "$@" >/dev/null 2>&1; do [ $SECONDS -ge $end ] && return 1; sleep 0.2; done
}

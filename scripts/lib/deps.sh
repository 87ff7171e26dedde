#!/usr/bin/env bash
# Installs what vpnd's demo, tests and benchmarks need on Debian/Ubuntu (idempotent).
# Usage: scripts/lib/deps.sh [--with-peers]   (--with-peers adds strongSwan and OpenVPN for interop/benchmarks)
set -euo pipefail
need_root() {
  if [ "$(id -u)" -ne 0 ]; then echo "this needs root (network namespaces, TUN devices): run it with sudo" >&2; exit 1; fi
}
need_root
PKGS=(openjdk-17-jdk-headless maven iproute2 iputils-ping iperf3 socat nftables procps curl ca-certificates python3)
if [ "${1:-}" = "--with-peers" ]; then
  PKGS+=(strongswan-swanctl charon-systemd libcharon-extra-plugins openvpn)
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
# charon-systemd's package enables a system service; our labs run their own charon in namespaces.
if systemctl is-active --quiet strongswan 2>/dev/null; then systemctl stop strongswan || true; fi

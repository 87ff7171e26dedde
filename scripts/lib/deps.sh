#!/usr/bin/env bash
# Installs what vpnd's demo, tests and benchmarks need on Debian/Ubuntu (idempotent).
# Usage: scripts/lib/deps.sh [--with-peers] [--with-chart]
#   --with-peers adds strongSwan and OpenVPN (interop tests, benchmarks); --with-chart matplotlib (bench.png)
set -euo pipefail
need_root() {
  if [ "$(id -u)" -ne 0 ]; then echo "this needs root (network namespaces, TUN devices): run it with sudo" >&2; exit 1; fi
}
need_root
PKGS=(openjdk-17-jdk-headless maven iproute2 iputils-ping iperf3 socat nftables procps curl ca-certificates python3 tcpdump)
# packaging tests: systemd-analyze for the unit, packer for the AMI template, shellcheck for the
# maintainer scripts, and the Python modules that cloud-init's schema validator imports
# (cloud-init itself is unpacked below)
PKGS+=(systemd adduser packer shellcheck python3-yaml python3-jsonschema python3-jinja2 python3-configobj python3-requests
  python3-jsonpatch python3-netifaces python3-oauthlib)
for opt in "$@"; do
  case "$opt" in
    --with-peers) PKGS+=(strongswan-swanctl charon-systemd libcharon-extra-plugins openvpn openssl) ;;
    --with-chart) PKGS+=(python3-matplotlib) ;;
    *) echo "deps.sh: unknown option $opt" >&2; exit 2 ;;
  esac
done
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
# cloud-init's schema validator for the AMI's user data: unpacked, not installed, because the
# installed package would enable its boot-time services on this machine
CLOUD_INIT_ROOT=/opt/vpnd-tools/cloud-init
if [ ! -x "$CLOUD_INIT_ROOT/usr/bin/cloud-init" ]; then
  echo "unpacking cloud-init to $CLOUD_INIT_ROOT"
  tmp=$(mktemp -d)
  chmod 755 "$tmp"
  (cd "$tmp" && { apt-get download -q cloud-init 2>/dev/null || { apt-get update -q && apt-get download -q cloud-init; }; })
  mkdir -p "$CLOUD_INIT_ROOT"
  dpkg-deb -x "$tmp"/cloud-init_*.deb "$CLOUD_INIT_ROOT"
  rm -rf "$tmp"
fi
# charon-systemd's package enables a system service; our labs run their own charon in namespaces.
if systemctl is-active --quiet strongswan 2>/dev/null; then systemctl stop strongswan || true; fi

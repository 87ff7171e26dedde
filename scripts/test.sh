#!/usr/bin/env bash
# Runs every vpnd test: unit tests, then end-to-end tests in network namespaces (two vpnd,
# and vpnd against a real strongSwan). Installs what it needs on Debian first.
#   sudo scripts/test.sh            (CI sets CI=true: then a missing prerequisite fails instead of skipping)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
"$ROOT/scripts/lib/deps.sh" --with-peers
cd "$ROOT"
exec mvn -B verify "$@"

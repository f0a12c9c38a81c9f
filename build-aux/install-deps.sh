#!/usr/bin/env bash
# Installs the Debian packages Learning Record needs, only those missing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mapfile -t wanted < <(grep -v '^\s*#' "$here/debian-packages.txt" | grep -v '^\s*$')

# The interop suite's npm SD-JWT library (tests/interop/) needs Node.js
# and npm. A machine may already have them from elsewhere (NodeSource's
# nodejs bundles npm and conflicts with Debian's npm package), so Debian's
# are installed only where there is no npm at all.
if ! command -v npm >/dev/null 2>&1; then
    wanted+=(nodejs npm)
fi

missing=()
for pkg in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"

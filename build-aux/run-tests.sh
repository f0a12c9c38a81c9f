#!/usr/bin/env bash
# Quick start 2: install what is missing, build, and run the whole test suite.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${BUILD_DIR:-$top/_build}"

"$top/build-aux/install-deps.sh"

if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$top"
fi
meson compile -C "$build"
meson test -C "$build" --print-errorlogs --num-processes 2 "$@"

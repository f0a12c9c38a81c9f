#!/usr/bin/env bash
# Quick start 1: install what is missing, build, and open the app on the
# sample learner. Nothing is installed system-wide but Debian packages.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$top/_build"

"$top/build-aux/install-deps.sh"

if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$top"
fi
meson compile -C "$build"

# Run from the build tree: the schema compiled there, the app's own cache.
export GSETTINGS_SCHEMA_DIR="$build/data"
exec "$build/src/ui/learning-record" --demo "$@"

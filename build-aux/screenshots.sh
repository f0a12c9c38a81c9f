#!/usr/bin/env bash
# Takes the README and metainfo screenshots from the real app, in demo mode,
# under Xvfb. Usage: build-aux/screenshots.sh [BUILD_DIR]
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${1:-$top/_build}"
out="$top/docs/screenshots"
app="$build/src/ui/learning-record"
display=":$((90 + RANDOM % 9))"

mkdir -p "$out"
scratch=$(mktemp -d)
trap 'kill $app_pid $xvfb_pid 2>/dev/null || true; rm -rf "$scratch"' EXIT

Xvfb "$display" -screen 0 1280x860x24 -nolisten tcp &
xvfb_pid=$!
export DISPLAY="$display" GDK_BACKEND=x11 GSK_RENDERER=cairo NO_AT_BRIDGE=1
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data"
export XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache"
export LANG=C.UTF-8

shoot () {
    local name=$1 style=$2
    ADW_DEBUG_COLOR_SCHEME=$style "$app" --demo &
    app_pid=$!
    local win=""
    for _ in $(seq 1 100); do
        win=$(xdotool search --onlyvisible --name "Learning Record" 2>/dev/null | head -n1 || true)
        [ -n "$win" ] && break
        sleep 0.1
    done
    if [ -z "$win" ]; then
        echo "The app window did not appear" >&2
        exit 1
    fi
    sleep 2.5   # let the sample learner load and the list draw
    import -window "$win" "$out/$name.png"
    kill "$app_pid"
    wait "$app_pid" 2>/dev/null || true
    echo "Wrote $out/$name.png"
}

shoot achievements prefer-light
shoot achievements-dark prefer-dark

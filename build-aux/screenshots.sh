#!/usr/bin/env bash
# Takes the README and metainfo screenshots from the real app, in demo mode,
# under Xvfb: the achievements, the details of one, the personal details
# and the Privacy section. Each is the app's window alone (no
# desktop around it), at 1000x700, the size Flathub's reviewers look at.
# Usage: build-aux/screenshots.sh [BUILD_DIR]
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="${1:-$top/_build}"
out="$top/docs/screenshots"
app="$build/src/ui/learning-record"
display=":$((90 + RANDOM % 9))"

mkdir -p "$out"
scratch=$(mktemp -d)
app_pid=""
# A document portal may mount itself in the scratch folders: unmount it.
cleanup () {
    kill $app_pid $xvfb_pid 2>/dev/null || true
    for mount in "$scratch"/*/cache/doc "$scratch"/*/runtime/doc; do
        [ -d "$mount" ] && fusermount -u "$mount" 2>/dev/null || true
    done
    rm -rf "$scratch" 2>/dev/null || true
}
trap cleanup EXIT

Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp -noreset &
xvfb_pid=$!
export DISPLAY="$display" GDK_BACKEND=x11 GSK_RENDERER=cairo NO_AT_BRIDGE=1
export GSETTINGS_SCHEMA_DIR="$build/data"
export LANG=C.UTF-8

# A window wide enough for the table and the details side by side, set
# through a keyfile settings backend before the app starts.
export GSETTINGS_BACKEND=keyfile

# The toast that says what the first fetch brought lasts 5 seconds; the
# shots are taken after it has gone.
toast_time=7

wait_for_window () {
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
    echo "$win"
}

# shoot NAME STYLE [KEY...]: starts the sample learner, presses the keys,
# and saves the window.
shoot () {
    local name=$1 style=$2
    shift 2

    local xdg="$scratch/$name"
    mkdir -p "$xdg/config/glib-2.0/settings" "$xdg/runtime"
    chmod 700 "$xdg/runtime"
    cat > "$xdg/config/glib-2.0/settings/keyfile" <<EOK
[io/github/learningrecord/LearningRecord]
window-width=1000
window-height=700
EOK
    XDG_DATA_HOME="$xdg/data" XDG_CONFIG_HOME="$xdg/config" XDG_CACHE_HOME="$xdg/cache" \
    XDG_RUNTIME_DIR="$xdg/runtime" ADW_DEBUG_COLOR_SCHEME=$style "$app" --demo &
    app_pid=$!

    local win
    win=$(wait_for_window)
    sleep "$toast_time"
    # Keep the pointer off the window, so no row looks hovered.
    xdotool mousemove 1399 899
    for key in "$@"; do
        xdotool key --window "$win" "$key"
        sleep 0.3
    done
    sleep 1
    import -window "$win" "$out/$name.png"
    kill "$app_pid"
    wait "$app_pid" 2>/dev/null || true
    app_pid=""
    echo "Wrote $out/$name.png"
}

# Ctrl+F, Enter to the first row, down to an A level: its details open beside.
details_keys=(ctrl+f Return Down Down Down Down)

shoot achievements prefer-light
shoot achievements-dark prefer-dark
shoot details prefer-light "${details_keys[@]}"
shoot details-dark prefer-dark "${details_keys[@]}"
shoot personal-details prefer-light alt+2
shoot personal-details-dark prefer-dark alt+2
shoot privacy-section prefer-light alt+5

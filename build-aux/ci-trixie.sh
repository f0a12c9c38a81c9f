#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# CI step 2: build Learning Record against today's GNOME libraries, those of
# Debian 13 (trixie), and run its unit and integration suites there, with
# -Dwerror=true. The code stays within the GTK 4.8 / libadwaita 1.2 API
# (the version pins in meson.build); this proves it also builds and passes
# on the newer GTK, libadwaita, libsoup, json-glib and SQLite.
#
# The trixie root is made with debootstrap from deb.debian.org and kept,
# with the build dependencies installed, as a tarball in $CACHE (keyed on
# the package list), so a second run only unpacks it.
#
# Usage (as root): build-aux/ci-trixie.sh        env: CACHE, KEEP_ROOT=1
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache="${CACHE:-/var/cache/learning-record-ci}"
mirror=http://deb.debian.org/debian

# The build dependencies from build-aux/debian-packages.txt (up to its
# "# fonts" section: the compilers and -dev packages), the fonts for PDF
# exports, and what the unit and integration suites run: sqlite3, a D-Bus
# session and gnome-keyring (test-forget-keyring), poppler-utils.
packages=$(sed -n '/^# build/,/^# fonts/p' "$top/build-aux/debian-packages.txt" | grep -v '^\s*#' | grep -v '^\s*$')
packages="$packages fonts-cantarell fonts-dejavu-core sqlite3 dbus dbus-daemon gnome-keyring
    libsecret-tools poppler-utils python3 ca-certificates desktop-file-utils libgtk-4-bin"
key=$(echo "$packages" | tr -s ' \n' '\n' | sort | sha256sum | cut -c1-16)
tarball="$cache/trixie-$key.tar"

step () {
    local name=$1 start
    shift
    start=$(date +%s)
    "$@"
    echo "ci-trixie: $name took $(( $(date +%s) - start )) s"
}

root=$(mktemp -d /var/tmp/learning-record-trixie.XXXXXX)
mounts=()
cleanup () {
    for (( i=${#mounts[@]}-1; i>=0; i-- )); do umount -l "${mounts[$i]}" 2>/dev/null || true; done
    if [ -z "${KEEP_ROOT:-}" ]; then rm -rf --one-file-system "$root"; fi
}
trap cleanup EXIT

bind () {
    mkdir -p "$root/$2"
    mount --bind "$1" "$root/$2"
    mounts+=("$root/$2")
    if [ "${3:-}" = ro ]; then mount -o remount,bind,ro "$root/$2"; fi
}

in_root () {
    chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive CI="${CI:-}" "$@"
}

# With no root for this package list, start from the newest cached one
# (for another list) and add what is new, or else debootstrap afresh.
make_root () {
    local base
    base=$(ls -t "$cache"/trixie-*.tar 2>/dev/null | head -n 1 || true)
    if [ -n "$base" ]; then
        tar -C "$root" -xf "$base"
    else
        if ! command -v debootstrap >/dev/null; then
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap
        fi
        debootstrap --variant=minbase trixie "$root" "$mirror"
    fi
    bind /proc proc; bind /dev dev
    in_root apt-get update -q
    # shellcheck disable=SC2086
    in_root apt-get install -y -q --no-install-recommends $packages
    in_root apt-get clean
    umount -l "$root/dev" "$root/proc"; mounts=()
    mkdir -p "$cache"
    tar -C "$root" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    # Only the newest root is kept.
    find "$cache" -maxdepth 1 -name 'trixie-*.tar' ! -path "$tarball" -delete
}

unpack_root () {
    tar -C "$root" -xf "$tarball"
}

if [ -f "$tarball" ]; then
    step "unpacking the cached trixie root" unpack_root
else
    step "making the trixie root (debootstrap, apt-get install)" make_root
fi

bind /proc proc
bind /dev dev
bind /dev/pts dev/pts
bind /sys sys
bind "$top" src ro
mkdir -p "$root/dev/shm" "$root/tmp"
chmod 1777 "$root/tmp"

in_root sh -c 'echo "trixie: $(cat /etc/debian_version), GTK $(pkg-config --modversion gtk4), libadwaita $(pkg-config --modversion libadwaita-1), GLib $(pkg-config --modversion glib-2.0), libsoup $(pkg-config --modversion libsoup-3.0), json-glib $(pkg-config --modversion json-glib-1.0), SQLite $(pkg-config --modversion sqlite3)"'

step "meson setup and compile (-Dwerror=true)" \
    in_root sh -c 'meson setup /build /src -Dwerror=true && meson compile -C /build'
step "unit and integration suites" \
    in_root meson test -C /build --suite unit --suite integration --print-errorlogs \
        --num-processes 2

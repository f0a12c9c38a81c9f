#!/bin/bash
# Runs a test under a private D-Bus session with a real gnome-keyring in
# scratch XDG folders. The login keyring is made with a throwaway password:
# with an empty one gnome-keyring asks, through a prompt that needs a
# display, whether to keep secrets unencrypted, and the collection is never
# made.
#
# Copyright 2026 Learning Record developers
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

export HOME="$scratch/home" XDG_DATA_HOME="$scratch/data" XDG_CONFIG_HOME="$scratch/config"
export XDG_CACHE_HOME="$scratch/cache" XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$HOME" "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
mkdir -m 700 -p "$XDG_RUNTIME_DIR"
export PLR_TEST_KEYRING=1

exec dbus-run-session -- bash -c '
    echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"
' run-with-keyring "$@"

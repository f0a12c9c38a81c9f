#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# PROGRAM --version prints "NAME VERSION", VERSION from meson.build.
# Usage: check-version.sh PROGRAM NAME VERSION
set -euo pipefail

out=$("$1" --version)
if [ "$out" != "$2 $3" ]; then
    echo "$1 --version said “$out”, expected “$2 $3”" >&2
    exit 1
fi
echo "$out"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The interop suite: installs the npm SD-JWT library from the committed
# package-lock.json into the build folder (offline from npm's cache when it
# can, else from the registry), makes our credential and presentation with
# interop-issue, and runs interop.mjs.
# Usage: run-interop.sh SOURCE_DIR BUILD_DIR INTEROP_ISSUE
set -euo pipefail

src=$1
build=$2
issue=$3

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "1..0 # SKIP nodejs and npm are not installed (build-aux/install-deps.sh)"
    exit 0
fi

mkdir -p "$build"
cp "$src/package.json" "$src/package-lock.json" "$src/interop.mjs" "$build/"
cd "$build"
if ! npm ci --offline --ignore-scripts --no-audit --no-fund >npm.log 2>&1; then
    npm ci --ignore-scripts --no-audit --no-fund >>npm.log 2>&1 || {
        cat npm.log >&2
        echo "Bail out! npm ci failed"
        exit 1
    }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$issue" "$work"
node interop.mjs "$work"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# set-release-commit.py writes a tag and its commit into a copy of the
# release manifest: the result is the same manifest with just those two
# fields set, flatpak-builder reads it, and a missing tag is refused.
# Usage: test-set-release-commit.sh SOURCE_ROOT
set -euo pipefail

root=$1
manifest="$root/flatpak/io.github.learningrecord.LearningRecord.json"
script="$root/build-aux/set-release-commit.py"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

if ! command -v git >/dev/null 2>&1; then
    echo "SKIP: git is not installed" >&2
    exit 77
fi

# A throwaway repository with a tagged commit stands in for the release.
git init -q "$scratch/repo"
git -C "$scratch/repo" -c user.name=test -c user.email=test@localhost \
    commit -q --allow-empty -m "Release 9.8.7"
git -C "$scratch/repo" tag v9.8.7
commit=$(git -C "$scratch/repo" rev-parse HEAD)

python3 "$script" "$manifest" v9.8.7 --repo "$scratch/repo" --output "$scratch/out.json"

python3 - "$manifest" "$scratch/out.json" "$commit" <<'PY'
import json, sys
before = json.load(open(sys.argv[1], encoding="utf-8"))
after = json.load(open(sys.argv[2], encoding="utf-8"))
commit = sys.argv[3]
sources = [s for m in after["modules"] for s in m.get("sources", []) if s.get("type") == "git"]
assert len(sources) == 1, sources
assert sources[0]["tag"] == "v9.8.7", sources[0]
assert sources[0]["commit"] == commit, sources[0]
# Nothing else changed.
for m in before["modules"]:
    for s in m.get("sources", []):
        if s.get("type") == "git":
            s["tag"] = "v9.8.7"
            s["commit"] = commit
assert before == after, "the script changed more than the tag and commit"
print("tag and commit set:", sources[0])
PY

if command -v flatpak-builder >/dev/null 2>&1; then
    flatpak-builder --show-manifest "$scratch/out.json" >/dev/null
    echo "flatpak-builder reads the filled-in manifest"
fi

# A tag that does not exist, or is not a release tag, is refused.
if python3 "$script" "$manifest" v1.2.3 --repo "$scratch/repo" --output "$scratch/bad.json" 2>/dev/null; then
    echo "FAIL: a missing tag was accepted" >&2
    exit 1
fi
if python3 "$script" "$manifest" latest --repo "$scratch/repo" --output "$scratch/bad.json" 2>/dev/null; then
    echo "FAIL: a tag that is not vX.Y.Z was accepted" >&2
    exit 1
fi
[ ! -e "$scratch/bad.json" ] || { echo "FAIL: a refused run wrote a manifest" >&2; exit 1; }
echo ok

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fills in the release manifest's git source at tag time: the tag and the
commit it points at, so that Flathub builds exactly the tagged tree (a tag
alone can be moved; flatpak-builder checks a given commit).

Usage: set-release-commit.py MANIFEST TAG [--repo DIR] [--output FILE]

MANIFEST is flatpak/io.github.learningrecord.LearningRecord.json; TAG is
vMAJOR.MINOR.PATCH and must exist in the git checkout DIR (default: the
current folder). The manifest is rewritten in place unless --output is given.
"""
import argparse
import json
import re
import subprocess
import sys

APP_REPOSITORY = "https://github.com/learningrecord/LearningRecord.git"


def fail(message):
    print(f"set-release-commit: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manifest")
    parser.add_argument("tag")
    parser.add_argument("--repo", default=".")
    parser.add_argument("--output")
    args = parser.parse_args()

    if not re.fullmatch(r"v\d+\.\d+\.\d+", args.tag):
        fail(f"{args.tag!r} is not a release tag (vMAJOR.MINOR.PATCH)")

    result = subprocess.run(["git", "-C", args.repo, "rev-parse", "--verify", "--quiet",
                             f"refs/tags/{args.tag}^{{commit}}"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"there is no tag {args.tag} in {args.repo}")
    commit = result.stdout.strip()

    with open(args.manifest, encoding="utf-8") as f:
        manifest = json.load(f)

    sources = [source
               for module in manifest.get("modules", []) if isinstance(module, dict)
               for source in module.get("sources", [])
               if isinstance(source, dict) and source.get("type") == "git"
               and source.get("url") == APP_REPOSITORY]
    if len(sources) != 1:
        fail(f"{args.manifest}: expected one git source from {APP_REPOSITORY}, "
             f"found {len(sources)}")

    sources[0]["tag"] = args.tag
    sources[0]["commit"] = commit

    with open(args.output or args.manifest, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")

    print(f"{args.output or args.manifest}: {args.tag} at {commit}")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The MIME package makes FILE (a Learning Record file named *.json) type
# TYPE, and a plain JSON file stays application/json.
# Usage: check-mime.sh MIME-XML FILE TYPE
set -euo pipefail

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/mime/packages"
cp "$1" "$scratch/mime/packages/"
update-mime-database "$scratch/mime" 2>/dev/null
cp "$2" "$scratch/record.json"
echo '{"name": "not a record"}' > "$scratch/plain.json"

type_of () {
    XDG_DATA_HOME="$scratch" XDG_DATA_DIRS="$scratch:/usr/share" GIO_USE_VFS=local \
        gio info -a standard::content-type "$1" | sed -n 's/^ *standard::content-type: //p'
}
record=$(type_of "$scratch/record.json")
plain=$(type_of "$scratch/plain.json")
echo "record: $record, plain JSON: $plain"
[ "$record" = "$3" ] && [ "$plain" = application/json ]

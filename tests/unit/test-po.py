#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every translation in po/LINGUAS must compile: msgfmt --check (format
# specifiers, plural forms, header) passes. Completeness is not a failure,
# since new strings land before their translations; it is printed as a figure.
#
# Usage: test-po.py SOURCE_ROOT
# Output is TAP.

import os
import subprocess
import sys


def main(argv):
    if len(argv) != 2:
        print('usage: %s SOURCE_ROOT' % argv[0], file=sys.stderr)
        return 2
    po_dir = os.path.join(argv[1], 'po')
    with open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8') as f:
        languages = [w for line in f if not line.startswith('#') for w in line.split()]
    if not languages:
        print('Bail out! po/LINGUAS lists no languages')
        return 1

    print('1..%d' % len(languages))
    failed = 0
    for i, lang in enumerate(languages, 1):
        po = os.path.join(po_dir, lang + '.po')
        result = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull, po],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, env=dict(os.environ, LC_ALL='C'))
        for line in result.stdout.splitlines():
            print('# ' + line)
        if result.returncode != 0:
            failed += 1
            print('not ok %d - msgfmt --check %s.po' % (i, lang))
        else:
            print('ok %d - msgfmt --check %s.po' % (i, lang))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

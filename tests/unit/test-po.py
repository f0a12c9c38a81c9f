#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every translation in po/LINGUAS must compile: msgfmt --check (format
# specifiers, plural forms, header) and --check-accelerators (one mnemonic
# where the original has one) pass. Completeness is not a failure, since new
# strings land before their translations; it is printed as a figure, counted
# against the strings in the current sources when xgettext and msgmerge are
# installed.
#
# Usage: test-po.py SOURCE_ROOT
# Output is TAP.

import os
import shutil
import subprocess
import sys
import tempfile

# As meson's i18n 'glib' preset.
XGETTEXT_KEYWORDS = ['_', 'N_', 'C_:1c,2', 'NC_:1c,2', 'g_dcgettext:2',
                     'g_dngettext:2,3', 'g_dpgettext2:2c,3']


def run(args, **kwargs):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, env=dict(os.environ, LC_ALL='C'), **kwargs)


def current_pot(root, tmp):
    """Extracts the strings of the current sources, as the -pot target does."""
    if shutil.which('xgettext') is None or shutil.which('msgmerge') is None:
        return None
    pot = os.path.join(tmp, 'current.pot')
    args = ['xgettext', '--from-code=UTF-8', '--add-comments', '--package-name=learning-record',
            '-D', root, '-f', os.path.join(root, 'po', 'POTFILES.in'), '-o', pot]
    args += ['--keyword=' + k for k in XGETTEXT_KEYWORDS]
    result = run(args)
    return pot if result.returncode == 0 else None


def completeness(po, pot, tmp):
    merged = os.path.join(tmp, 'merged.po')
    if run(['msgmerge', '--quiet', '--no-fuzzy-matching', '-o', merged, po, pot]).returncode != 0:
        return None
    result = run(['msgfmt', '--statistics', '-o', os.devnull, merged])
    return result.stdout.strip() if result.returncode == 0 else None


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

    tmp = tempfile.mkdtemp()
    pot = current_pot(argv[1], tmp)
    print('1..%d' % len(languages))
    failed = 0
    for i, lang in enumerate(languages, 1):
        po = os.path.join(po_dir, lang + '.po')
        result = run(['msgfmt', '--check', '--check-accelerators=_', '--statistics',
                      '-o', os.devnull, po])
        for line in result.stdout.splitlines():
            print('# ' + line)
        figure = completeness(po, pot, tmp) if pot else None
        if figure:
            print('# %s against the current sources: %s' % (lang, figure))
        if result.returncode != 0:
            failed += 1
            print('not ok %d - msgfmt --check %s.po' % (i, lang))
        else:
            print('ok %d - msgfmt --check %s.po' % (i, lang))
    shutil.rmtree(tmp)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

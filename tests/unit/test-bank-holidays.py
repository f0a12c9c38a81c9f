#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The bank holiday file that due dates are counted with: the shipped one
# makes a table, and each kind of mistake in it stops the build with its
# line named.
#
# Usage: test-bank-holidays.py SOURCE_ROOT
# Output is TAP.

import os
import subprocess
import sys
import tempfile

root = sys.argv[1]
generator = os.path.join(root, 'build-aux', 'gen-bank-holidays.py')
shipped = os.path.join(root, 'data', 'bank-holidays-england-and-wales.txt')

with open(shipped, encoding='utf-8') as f:
    good = f.read()


def generate(text):
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, 'holidays.txt')
        output = os.path.join(tmp, 'holidays.h')
        with open(source, 'w', encoding='utf-8') as f:
            f.write(text)
        result = subprocess.run([sys.executable, generator, source, output],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        table = open(output, encoding='utf-8').read() if result.returncode == 0 else None
        return result.returncode, result.stdout, table


cases = [
    ('the shipped file', good, None),
    ('a day that does not exist', good.replace('2026-12-28', '2026-02-30'), 'day is out of range'),
    ('dates out of order', good.replace('2026-04-03', '2026-06-03'), 'in order'),
    ('a date twice', good.replace('2026-04-06', '2026-04-03'), 'in order'),
    ('a year missing', '\n'.join(l for l in good.splitlines() if not l.startswith('2027-')),
     '2027 has 0'),
    ('a line that is not a date', good + 'Boxing Day\n', 'expected YYYY-MM-DD'),
]

print(f'1..{len(cases)}')
for number, (name, text, expected) in enumerate(cases, 1):
    code, output, table = generate(text)
    if expected is None:
        ok = (code == 0 and '#define PLR_BANK_HOLIDAYS_FIRST_YEAR 2025' in table and
              '{ 2026, 12, 28 },' in table)
    else:
        ok = code != 0 and expected in output
    print(f'{"ok" if ok else "not ok"} {number} {name}')
    if not ok:
        print('# ' + output.replace('\n', '\n# '))

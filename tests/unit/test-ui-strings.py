#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every string a learner can see in a GtkBuilder file must reach the
# translators. This test parses every src/**/*.ui file and fails when a
# learner-visible string is not marked translatable="yes", and when a source
# or .ui file with translatable strings is missing from po/POTFILES.in.
#
# Usage: test-ui-strings.py SOURCE_ROOT [FILE.ui ...]
# With no files given, every .ui file under SOURCE_ROOT/src is checked.
# Output is TAP.

import os
import re
import sys
import xml.etree.ElementTree as ET

# Properties of any object whose value is shown to the learner (or read out
# by a screen reader).
VISIBLE_PROPERTIES = {
    'label', 'title', 'subtitle', 'tooltip-text', 'tooltip-markup',
    'placeholder-text', 'text', 'description', 'heading', 'body',
    'primary-text', 'secondary-text', 'button-label', 'dropdown-tooltip',
    'website-label', 'comments', 'copyright', 'translator-credits',
    'license', 'accept-label', 'cancel-label', 'search-text',
}

# Properties that are learner-visible only on some classes.
VISIBLE_PROPERTIES_BY_CLASS = {
    'GtkFileFilter': {'name'},
    'GtkFileChooserNative': {'accept-label', 'cancel-label', 'title'},
}

# Accessible properties (under <accessibility>) that carry text.
ACCESSIBLE_TEXT_PROPERTIES = {
    'label', 'description', 'placeholder', 'role-description', 'value-text',
    'help-text',
}

# Menu attributes that carry text.
MENU_TEXT_ATTRIBUTES = {'label'}

# Explicit exceptions: (file name, property, value). Keep this list short and
# say why each entry is here.
ALLOW = set()


def has_words(value):
    """A value with no letters (digits, punctuation, a dash, an ellipsis) has
    nothing to translate."""
    return any(c.isalpha() for c in value)


def is_translatable(elem):
    return elem.get('translatable', '').lower() in('yes', 'true', '1')


def check_file(path):
    """Returns a list of problems, each a human-readable line."""
    problems = []
    name = os.path.basename(path)
    try:
        tree = ET.parse(path)
    except ET.ParseError as e:
        return ['%s: not well-formed XML: %s' % (path, e)]

    def report(elem, what, value):
        if(name, what, value) in ALLOW:
            return
        problems.append('%s: %s "%s" is not translatable="yes"'
                         % (path, what, value.strip()[:60]))

    def walk(elem, ancestors):
        tag = elem.tag
        parent = ancestors[-1] if ancestors else None
        value = (elem.text or '')

        if tag == 'property' and has_words(value):
            prop = elem.get('name', '').replace('_', '-')
            in_accessibility = parent is not None and parent.tag == 'accessibility'
            if in_accessibility:
                visible = prop in ACCESSIBLE_TEXT_PROPERTIES
            else:
                owner = parent.get('class') if parent is not None else None
                if parent is not None and parent.tag == 'template':
                    owner = parent.get('parent')
                visible = (prop in VISIBLE_PROPERTIES
                           or prop in VISIBLE_PROPERTIES_BY_CLASS.get(owner, set()))
            if visible and not is_translatable(elem):
                what = ('accessible ' if in_accessibility else '') + prop
                report(elem, what, value)

        elif tag == 'attribute' and has_words(value):
            if(elem.get('name') in MENU_TEXT_ATTRIBUTES
                    and not is_translatable(elem)):
                report(elem, 'menu ' + elem.get('name'), value)

        elif tag == 'item' and parent is not None and parent.tag == 'items':
            # GtkStringList, GtkComboBoxText
            if has_words(value) and not is_translatable(elem):
                report(elem, 'item', value)

        elif tag == 'col' and has_words(value):
            # GtkListStore rows
            if not is_translatable(elem):
                report(elem, 'list store column', value)

        for child in elem:
            walk(child, ancestors + [elem])

    walk(tree.getroot(), [])
    return problems


# Source files whose strings go to translators.
C_MARKERS = re.compile(r'(?<![A-Za-z0-9_])(_|N_|C_|NC_|Q_|ngettext|g_dngettext|'
                        r'g_dgettext|g_dpgettext2?)\s*\(')


def uses_gettext(path):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    if path.endswith('.ui'):
        return 'translatable="yes"' in text
    return C_MARKERS.search(text) is not None


def potfiles(root):
    listed = set()
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                listed.add(line)
    return listed


def source_files(root, suffixes):
    found = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, 'src')):
        dirnames.sort()
        for filename in sorted(filenames):
            if filename.endswith(suffixes):
                found.append(os.path.join(dirpath, filename))
    return found


# A GLib format macro glued into a translatable string ("%" G_GINT64_FORMAT)
# cuts the message short for xgettext, so it is never translated at run
# time; PRId64 and friends are expanded by xgettext and glibc.
GLIB_FORMAT_IN_MESSAGE = re.compile(
    r'(?:\b_|\bN_|\bC_|\bngettext)\s*\((?:[^()]|\([^()]*\))*?"\s*G_G\w+_FORMAT', re.S)


def check_format_macros(root):
    problems = []
    for path in source_files(root, ('.c',)):
        with open(path, encoding='utf-8') as f:
            text = f.read()
        for match in GLIB_FORMAT_IN_MESSAGE.finditer(text):
            line = text.count('\n', 0, match.end()) + 1
            problems.append('%s:%d: a GLib format macro inside a translatable message' %
                            (os.path.relpath(path, root), line))
    return problems


def main(argv):
    if len(argv) < 2:
        print('usage: %s SOURCE_ROOT [FILE.ui ...]' % argv[0], file=sys.stderr)
        return 2
    root = argv[1]
    ui_files = argv[2:] or source_files(root, ('.ui',))
    if not ui_files:
        print('Bail out! no .ui files found under %s/src' % root)
        return 1

    checks = []
    for path in ui_files:
        checks.append(('strings in %s are translatable' % os.path.relpath(path, root),
                        check_file(path)))

    if len(argv) == 2:
        listed = potfiles(root)
        missing = []
        for path in source_files(root, ('.c', '.ui')):
            rel = os.path.relpath(path, root)
            if rel not in listed and uses_gettext(path):
                missing.append('%s has translatable strings but is not in po/POTFILES.in' % rel)
        for rel in sorted(listed):
            if not os.path.exists(os.path.join(root, rel)):
                missing.append('po/POTFILES.in lists %s, which does not exist' % rel)
        checks.append(('po/POTFILES.in lists every file with translatable strings', missing))
        checks.append(('no translatable message holds a GLib format macro',
                       check_format_macros(root)))

    print('1..%d' % len(checks))
    failed = 0
    for i, (description, problems) in enumerate(checks, 1):
        if problems:
            failed += 1
            print('not ok %d - %s' % (i, description))
            for problem in problems:
                print('# ' + problem)
        else:
            print('ok %d - %s' % (i, description))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

#!/usr/bin/python3
# The app in Welsh (LANGUAGE=cy, with the build tree's translations): the
# learner's journey through every section, with a screenshot of each, and
# a check that no English is left on them: every name in the accessibility
# tree is compared with the English messages of po/cy.po, and one that is
# still the English of a message that has a Welsh translation fails.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import ast
import os
import re
import subprocess
import time

import plrui
from plrui import fail, log

SECTIONS = ["achievements", "personal", "shares", "challenges", "privacy"]


def read_po(path, translated_only=True):
    """msgid -> msgstr for the translated, non-fuzzy entries (singular forms
    and plural forms alike), mnemonics taken out."""
    entries = []
    current = {}
    key = None
    fuzzy = False
    with open(path, encoding="utf-8") as po:
        for raw in po:
            line = raw.strip()
            if not line:
                if current:
                    entries.append((current, fuzzy))
                current, key, fuzzy = {}, None, False
                continue
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
            if match:
                key = match.group(1)
                current[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key:
                current[key] += ast.literal_eval(line)
    if current:
        entries.append((current, fuzzy))

    table = {}
    for entry, is_fuzzy in entries:
        msgid = entry.get("msgid")
        if not msgid or is_fuzzy:
            continue
        translations = [v for k, v in entry.items() if k.startswith("msgstr") and v]
        if not translations:
            if translated_only:
                continue
            translations = [""]
        for english in (msgid, entry.get("msgid_plural")):
            if english:
                table[english.replace("_", "")] = translations[0].replace("_", "")
    return table


def screenshot(name):
    folder = os.environ.get("PLR_SCREENSHOT_DIR")
    if not folder:
        return
    path = os.path.join(folder, f"welsh-{name}.png")
    subprocess.run(["import", "-window", "root", path], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log(f"screenshot: {path}")


# GTK draws the window controls itself, with its own translations; Debian's
# Welsh catalogue for GTK 4 (gtk40.mo) has no "Close".
WINDOW_CONTROLS = {"Close", "Minimize", "Maximize", "Restore"}


def is_window_control(node):
    try:
        siblings = {c.name for c in node.parent.children}
        return node.roleName == "push button" and siblings <= WINDOW_CONTROLS
    except Exception:
        return False


def lrs_names():
    """The LRS's own element names (GivenName, Grade, ...), from the field
    table in src/core/model/plr-field.c."""
    path = os.path.join(os.environ["PLR_SOURCE_ROOT"], "src", "core", "model", "plr-field.c")
    with open(path, encoding="utf-8") as source:
        return set(re.findall(r'[({]\s*"([A-Za-z0-9]+)",\s*"[a-z0-9_]+",\s*"[a-z0-9-]+"',
                              source.read()))


def source_messages():
    """Every message the sources mark for translation, as xgettext finds
    them now (so that a new string with no Welsh yet counts too)."""
    top = os.environ["PLR_SOURCE_ROOT"]
    pot = os.path.join(os.environ.get("PLR_TEST_SCRATCH", "/tmp"), "messages.pot")
    with open(os.path.join(top, "po", "POTFILES.in"), encoding="utf-8") as listing:
        files = [line.strip() for line in listing
                 if line.strip() and not line.startswith("#") and line.strip().startswith("src/")]
    subprocess.run(["xgettext", "--from-code=UTF-8", "--keyword=_", "--keyword=N_",
                    "--keyword=C_:1c,2", "--keyword=NC_:1c,2", "--keyword=ngettext:1,2",
                    "--keyword=g_dngettext:2,3", "-o", pot, *files], cwd=top, check=True)
    return set(read_po(pot, translated_only=False))


def english_left(window, table, messages, codes):
    """Names on show that are still English: the English of a message that
    has no Welsh yet, or whose Welsh was not used. The rows under "Codes and
    Raw Values" name the LRS's own elements (codes), which stay as they are
    in every language."""
    english = {m for m in messages if table.get(m) != m and re.search(r"[A-Za-z]{3}", m)}
    left = set()
    for node in plrui.walk(window):
        try:
            name = (node.name or "").strip()
        except Exception:
            continue
        if name in english and name not in codes and not is_window_control(node):
            try:
                where = f"{node.roleName} in {node.parent.roleName} {node.parent.name!r}"
            except Exception:
                where = "?"
            left.add(f"{name} ({where})")
    return sorted(left)


def welsh_locale():
    """Makes cy_GB.UTF-8 in the test's scratch folder where the locale's
    source is installed (Debian's locales package), so that dates are in
    Welsh too; otherwise the messages are Welsh and the dates C's."""
    source = "/usr/share/i18n/locales/cy_GB"
    scratch = os.environ.get("PLR_TEST_SCRATCH")
    if not scratch or not os.path.exists(source):
        log("no cy_GB locale source: dates stay in C's English")
        return {}
    folder = os.path.join(scratch, "locale")
    os.makedirs(folder, exist_ok=True)
    made = subprocess.run(["localedef", "-i", "cy_GB", "-f", "UTF-8",
                           os.path.join(folder, "cy_GB.UTF-8")],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if made.returncode not in (0, 1):  # 1: made, with warnings
        log(f"localedef failed ({made.returncode}): dates stay in C's English")
        return {}
    return {"LOCPATH": folder, "LANG": "cy_GB.UTF-8", "LC_ALL": "cy_GB.UTF-8"}


def main():
    table = read_po(os.path.join(os.environ["PLR_SOURCE_ROOT"], "po", "cy.po"))
    log(f"cy.po: {len(table)} translated messages")
    messages = source_messages()
    missing = sorted(m for m in messages if m not in table)
    log(f"{len(messages)} messages in the sources, {len(missing)} with no Welsh yet")
    codes = lrs_names()
    if len(codes) != 50:
        fail(f"expected the 50 LRS field names in plr-field.c, found {len(codes)}")
    for english in ("Achievements", "Personal Details", "Privacy"):
        if english not in table:
            fail(f"cy.po has no translation of {english!r}")

    env = {"LANGUAGE": "cy", "LEARNING_RECORD_LOCALEDIR": os.environ["PLR_LOCALE_DIR"]}
    env.update(welsh_locale())
    process = plrui.start_app("--demo", env=env)
    try:
        app = plrui.find_app(process)
        window = plrui.frame(app)

        # The sample learner arrives; the list of rows is named in Welsh and
        # each row reads in Welsh ("…, gradd …").
        table_node = plrui.wait_for_node(window, "the list of qualifications in Welsh",
                                         role="list", name=table["Your qualifications"])
        row_name = re.escape(table["%s, grade %s, %s"].split("%s")[1])

        def shown_rows():
            return plrui.find_all(table_node, pattern=row_name)
        plrui.wait_for(shown_rows, "rows of achievements")

        # Search as you type, then open the first result.
        plrui.point_at(window)
        plrui.key("<Control>f")
        plrui.type_text("Chemistry")
        plrui.wait_for(lambda: 0 < len(shown_rows()) <= 3,
                       "the search to narrow the rows")
        plrui.key("Return")
        plrui.key("Return")
        grade = table["Grade"]
        plrui.wait_for_node(window, "the grade in the details, in Welsh",
                            pattern="^" + re.escape(grade) + ": ")
        screenshot("details")
        plrui.key("Escape")

        failures = []
        for index, section in enumerate(SECTIONS, start=1):
            plrui.key(f"<Alt>{index}")
            time.sleep(1.0)
            screenshot(section)
            left = english_left(window, table, messages, codes)
            log(f"{section}: {len(left)} English names left {left[:10]}")
            if left:
                failures.append(f"{section}: {left}")

        if failures:
            fail("English left on the Welsh pages: " + "; ".join(failures))
    finally:
        plrui.stop(process)


plrui.run(main)

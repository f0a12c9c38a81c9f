#!/usr/bin/python3
# Free text with a direction-changing character (issue 20, item 6): a
# record whose subject holds U+202E RIGHT-TO-LEFT OVERRIDE is imported; the
# achievements cell shows the subject isolated (FSI … PDI, the override
# closed), and the entry's details carry the flag "This entry holds
# invisible or direction-changing characters".
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import subprocess

import plrui
from plrui import fail, log

COUNT = r"^(\d+) achievements?$"
SUBJECT = "Bidimarker Studies \u202eedarg"
SHOWN = "\u2068" + SUBJECT + "\u202c\u2069"
FLAG = "This entry holds invisible or direction-changing characters"


def main():
    scratch = os.environ.get("PLR_TEST_SCRATCH", "/tmp")
    sample = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data",
                          "sample-learner.json")
    with open(sample, encoding="utf-8") as f:
        record = json.load(f)
    record["events"][0]["subject"] = SUBJECT
    path = os.path.join(scratch, "record.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(record, f)

    env = {"LEARNING_RECORD_SERVICE_URL": "http://127.0.0.1:9/"}
    imported = subprocess.run([os.environ["APP"], "--import", path], env=plrui.app_env(env),
                              capture_output=True, text=True)
    if imported.returncode != 0:
        fail(f"the record could not be imported: {imported.stderr.strip()}")

    process = plrui.start_app(env=env)
    try:
        app = plrui.find_app(process)
        window = plrui.frame(app)
        plrui.wait_for_node(window, "the imported record", role="label", pattern=COUNT)

        # The cell shows the subject isolated, as written inside.
        cell = plrui.wait_for_node(window, "the subject's cell", name=SHOWN)
        log(f"cell: {cell.name!r}")
        if plrui.find_all(window, name=SUBJECT):
            fail("the subject is shown somewhere without its isolate")

        plrui.point_at(window)
        plrui.key("<Control>f")
        plrui.type_text("Bidimarker")
        filtered = plrui.wait_for_node(window, "the search to narrow the rows", role="label",
                                       pattern=r"^1 of \d+ achievements?$")
        log(f"after searching: {filtered.name!r}")
        plrui.key("Return")
        plrui.key("Return")
        plrui.wait_for_node(window, "the entry's details", pattern=r"^Grade: ")
        flag = plrui.wait_for_node(window, "the flag in the details", name=FLAG)
        log(f"flag: {flag.roleName} {flag.name!r}")
        plrui.wait_for_node(window, "the flag's explanation", role="label",
                            name="Invisible or direction-changing characters")
        if not [t for t in plrui.label_texts(window) if t == SHOWN]:
            fail("the details do not show the subject isolated")
    finally:
        plrui.stop(process)


plrui.run(main)

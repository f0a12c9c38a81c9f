#!/usr/bin/python3
# The learner's journey through the sample record, through the
# accessibility tree only: the achievements and their count, a search that
# narrows the rows, one event's grade, the ULN in the personal details.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import re

import plrui
from plrui import fail, log

COUNT = r"^(\d+) achievements?$"
FILTERED_COUNT = r"^(\d+) of (\d+) achievements?$"
SUBJECT = "Chemistry"


def cell_texts(table):
    return [n.name for n in plrui.find_all(table, role="label") if n.name]


def rows(view):
    """The rows on show, each as (subject, second line, grade): the last
    three labels of a row (a year's heading may come first)."""
    result = []
    for row in plrui.find_all(view, pattern=r", grade "):
        texts = plrui.label_texts(row)
        if len(texts) >= 3:
            result.append(texts[-3:])
    return result


def main():
    process = plrui.start_app("--demo")
    try:
        app = plrui.find_app(process)
        window = plrui.frame(app)

        # The sample learner arrives from the built-in service.
        count = plrui.wait_for_node(window, "the achievement count", role="label", pattern=COUNT)
        total = int(re.match(COUNT, count.name).group(1))
        log(f"count label: {count.name!r}")
        if total < 2:
            fail(f"expected several achievements, the count says {count.name!r}")

        table = plrui.wait_for_node(window, "the list of qualifications", role="list",
                                    name="Your qualifications")
        before = plrui.wait_for(lambda: rows(table), "rows of achievements")
        if not any(SUBJECT in r[0] for r in before) or all(SUBJECT in r[0] for r in before):
            fail(f"expected rows in {SUBJECT} and others: {before}")

        # Search as you type, from the keyboard.
        plrui.point_at(window)
        plrui.key("<Control>f")
        plrui.type_text(SUBJECT)
        filtered = plrui.wait_for_node(window, "the count to narrow", role="label",
                                       pattern=FILTERED_COUNT)
        shown, of = map(int, re.match(FILTERED_COUNT, filtered.name).groups())
        log(f"after searching {SUBJECT!r}: {filtered.name!r}")
        if not 0 < shown < of or of != total:
            fail(f"the search did not narrow the rows: {filtered.name!r}")

        def narrowed():
            now = rows(table)
            return now if len(now) == shown and all(SUBJECT in r[0] for r in now) else None
        after = plrui.wait_for(narrowed, f"only the rows in {SUBJECT} to stay")
        log(f"rows: {[r[0] for r in after]}")

        # Enter moves to the first result; Enter again opens it.
        plrui.key("Return")
        plrui.key("Return")
        grade = plrui.wait_for_node(window, "the grade in the details", pattern=r"^Grade: ")
        grade_text = grade.name.split(": ", 1)[1]
        log(f"details: {grade.name!r}")
        if grade_text not in [r[2] for r in after]:
            fail(f"the details' grade {grade_text!r} is not a row's: {after}")
        subject_labels = [t for t in plrui.label_texts(window) if SUBJECT in t]
        if not subject_labels:
            fail("the details do not name the subject")

        # Personal details (Alt+2) and the ULN, grouped for reading.
        plrui.key("Escape")
        plrui.key("<Alt>2")
        plrui.wait_for_node(window, "the Personal Details title", role="label",
                            name="Personal Details")
        row = plrui.wait_for_node(window, "the ULN row", role="list item",
                                  name="Unique Learner Number (ULN)")
        uln = plrui.wait_for(lambda: [t for t in plrui.label_texts(row)
                                      if re.match(r"^\d{3} \d{3} \d{4}$", t)],
                             "the ULN, grouped for reading")[0]
        log(f"ULN: {uln!r}")
        if uln != "948 772 2423":
            fail(f"the sample learner's ULN reads {uln!r}")
    finally:
        plrui.stop(process)


plrui.run(main)

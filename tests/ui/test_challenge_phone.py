#!/usr/bin/python3
# A personal detail challenged by phone: Personal Details, "Challenge this
# entry" beside the place of birth, why and what it should be, "Send by: A
# phone call you made", a date that is not a date (a specific message),
# then the day and the reference; Challenges lists it as submitted, with
# the route and the reference.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import datetime

import plrui
from plrui import fail, log

COUNT = r"^(\d+) achievements?$"
PROPOSED = "Caernarfon"
REFERENCE = "LRS-48213"
DETAILS = "My birth certificate says Caernarfon."
TITLE = r"^Challenge a Personal Detail$"


def replace_text(node, text):
    """Types text in place of a field's, clicking it first: for fields in sight."""
    plrui.click(node)
    plrui.key("<Control>a")
    plrui.type_text(text)


def main():
    process = plrui.start_app("--demo")
    try:
        app = plrui.find_app(process)
        window = plrui.frame(app)
        plrui.wait_for_node(window, "the achievements", role="label", pattern=COUNT)

        plrui.point_at(window)
        plrui.key("<Alt>2")
        plrui.wait_for_node(window, "the place of birth's challenge button", role="push button",
                            name="Challenge this entry: Place of birth…").doActionNamed("click")
        dialog = plrui.wait_for(lambda: plrui.frame(app, TITLE), "the challenge dialog")
        plrui.point_at(dialog)
        texts = plrui.label_texts(dialog)
        if "Place of birth" not in texts or "Bangor" not in texts:
            fail(f"the dialog does not show the place of birth and its value: {texts}")

        replace_text(plrui.wait_for_node(dialog, "the details", role="text", name="Details"),
                     DETAILS)
        replace_text(plrui.wait_for_node(dialog, "the proposed value", role="text",
                                         name="What it should be"), PROPOSED)

        # Send by: a phone call, from the keyboard (the row is scrolled out
        # of sight, and the combo box offers no action): Tab past the
        # details and "Add File…" to the route, open it, the fourth choice.
        plrui.key("Tab")
        plrui.key("Tab")
        plrui.key("Tab")
        plrui.key("Return")
        for _ in range(3):
            plrui.key("Down")
        plrui.key("Return")
        record = plrui.wait_for_node(dialog, "the Record Call button", role="push button",
                                     pattern=r"^_?Record Call\b")
        # The date and the reference follow, from the keyboard too.
        plrui.key("Tab")
        plrui.key("<Control>a")
        plrui.type_text("last Tuesday")
        record.doActionNamed("click")
        plrui.wait_for_node(dialog, "the message about the date", role="label",
                            pattern=r"^Enter the day you called as year-month-day")

        plrui.key("<Control>a")
        plrui.type_text(datetime.date.today().isoformat())
        plrui.key("Tab")
        plrui.type_text(REFERENCE)
        record.doActionNamed("click")
        try:
            plrui.wait_for(lambda: plrui.frame(app, TITLE) is None, "the dialog to close",
                           timeout=10)
        except plrui.Failure:
            log(f"dialog says: {plrui.label_texts(dialog)[:6]}")
            raise

        plrui.point_at(window)
        plrui.key("<Alt>4")
        plrui.wait_for_node(window, "the challenge submitted", role="label", name="Submitted")

        def open_detail():
            title = plrui.find_one(window, role="label", name="Personal details: Place of birth")
            if title is None:
                return None
            plrui.click(title)
            return plrui.find_one(window, role="label", name="Timeline")
        plrui.wait_for(open_detail, "the challenge's detail")
        texts = plrui.label_texts(window)
        for expected in (PROPOSED, REFERENCE, DETAILS, "A phone call"):
            if expected not in texts:
                fail(f"the challenge's detail does not show {expected!r}")
        log("recorded as a phone call, with its reference")
    finally:
        plrui.stop(process)


plrui.run(main)

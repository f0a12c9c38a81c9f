#!/usr/bin/python3
# A data challenge from start to end, through the accessibility tree only:
# open an entry of the sample record, "Challenge this entry…", the grade
# and the reason "The grade is wrong", type what it should be and why,
# Send (first without the grade: a specific message and nothing lost);
# then Challenges lists it, waiting to send or submitted, and its
# detail reads back the grade typed.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import subprocess

import plrui
from plrui import fail, log

COUNT = r"^(\d+) achievements?$"
PROPOSED = "A*"
DETAILS = "My results slip from the exam board says A star."
STATUS = r"^(Waiting to send|Submitted|Under review)$"


def screenshot(name):
    """Saves the screen when PLR_SCREENSHOT_DIR is set, for a human look."""
    folder = os.environ.get("PLR_SCREENSHOT_DIR")
    if folder:
        subprocess.run(["import", "-window", "root", os.path.join(folder, name)], check=False)


def type_into(node, text):
    plrui.click(node)
    plrui.type_text(text)


def main():
    process = plrui.start_app("--demo")
    try:
        app = plrui.find_app(process)
        window = plrui.frame(app)
        plrui.wait_for_node(window, "the achievements", role="label", pattern=COUNT)

        # Challenges starts empty.
        plrui.point_at(window)
        plrui.key("<Alt>4")
        plrui.wait_for_node(window, "the empty Challenges page", role="label",
                            name="No Data Challenges")
        screenshot("challenges-empty.png")

        # Open the first entry (Ctrl+F, Enter to the first row, Enter to open).
        plrui.key("<Alt>1")
        plrui.key("<Control>f")
        plrui.key("Return")
        plrui.key("Return")
        grade = plrui.wait_for_node(window, "the details of an entry", pattern=r"^Grade: ")
        log(f"details: {grade.name!r}")
        # GTK 4.8 names a labelled button by its label and its text: match the start.
        button = plrui.wait_for_node(window, "the challenge button", role="push button",
                                     pattern=r"^Challenge this entry…")
        button.doActionNamed("click")

        dialog = plrui.wait_for(lambda: plrui.frame(app, r"^Challenge This Entry$"),
                                "the challenge dialog")
        plrui.point_at(dialog)
        texts = plrui.label_texts(dialog)
        if "Grade" not in texts:
            fail(f"the dialog does not offer the grade as the detail: {texts}")
        if "The grade is wrong" not in texts:
            fail(f"the dialog does not choose the reason “The grade is wrong”: {texts}")

        details = plrui.wait_for_node(dialog, "the details", role="text", name="Details")
        type_into(details, DETAILS)

        # Sent without the grade it should be: a specific message, the form kept.
        send = plrui.wait_for_node(dialog, "the Send button", role="push button",
                                   pattern=r"^_?Send\b")
        send.doActionNamed("click")
        plrui.wait_for_node(dialog, "the message asking for the correct value", role="label",
                            name="Say what the correct value is.")
        if plrui.frame(app, r"^Challenge This Entry$") is None:
            fail("the dialog closed on a challenge that could not be sent")
        screenshot("challenge-dialog-error.png")

        proposed = plrui.wait_for_node(dialog, "the proposed value", role="text",
                                       name="What it should be")
        type_into(proposed, PROPOSED)
        plrui.wait_for_node(dialog, "the draft to be saved", role="label",
                            pattern=r"^Draft saved on this computer")
        screenshot("challenge-dialog.png")

        send.doActionNamed("click")
        plrui.wait_for(lambda: plrui.frame(app, r"^Challenge This Entry$") is None,
                       "the dialog to close after sending")

        # The Challenges page lists it.
        plrui.point_at(window)
        plrui.key("<Alt>4")
        status = plrui.wait_for_node(window, "the challenge's status", role="label",
                                     pattern=STATUS)
        log(f"status: {status.name!r}")
        row = plrui.wait_for_node(window, "the challenge in the list", pattern=r": Grade$")
        log(f"challenge: {row.name!r}")
        screenshot("challenges-list.png")

        # Its detail reads back what was typed.
        # The list is read again as the service answers: find the row afresh.
        def open_detail():
            title = plrui.find_one(window, role="label", pattern=r": Grade$")
            if title is None:
                return None
            plrui.click(title)
            return plrui.find_one(window, role="label", name="Timeline")
        plrui.wait_for(open_detail, "the challenge's detail with its timeline")
        plrui.wait_for(lambda: PROPOSED in plrui.label_texts(window),
                       f"the proposed grade {PROPOSED!r} in the challenge's detail")
        plrui.wait_for(lambda: DETAILS in plrui.label_texts(window),
                       "the details in the challenge's detail")
        screenshot("challenge-detail.png")
        log("the challenge reads back its grade and details")
    finally:
        plrui.stop(process)


plrui.run(main)

#!/usr/bin/python3
# A data challenge sent as a letter: the grade of an entry, "Send by: A
# letter to your learning provider", "Save Letter…" through GTK's own file
# chooser; the PDF is written, and Challenges lists the challenge as
# submitted, sent by letter.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os

import plrui
from plrui import fail, log

COUNT = r"^(\d+) achievements?$"
TITLE = r"^Challenge This Entry$"
PROPOSED = "Merit"
DETAILS = "The certificate from City & Guilds says Merit."


def chooser_window(app, name):
    # GTK 4.8 gives its file chooser dialog the role "filler".
    for child in app.children:
        if child.name == name:
            return child
    return None


def main():
    letter = os.path.join(os.environ.get("PLR_TEST_SCRATCH", "/tmp"), "letter.pdf")
    # GTK's own chooser rather than a portal's, which this session lacks.
    process = plrui.start_app("--demo", env={"GTK_USE_PORTAL": "0"})
    try:
        app = plrui.find_app(process)
        window = plrui.frame(app)
        plrui.wait_for_node(window, "the achievements", role="label", pattern=COUNT)
        plrui.point_at(window)
        plrui.key("<Control>f")
        plrui.key("Return")
        plrui.key("Return")
        plrui.wait_for_node(window, "the challenge button", role="push button",
                            pattern=r"^Challenge this entry…").doActionNamed("click")
        dialog = plrui.wait_for(lambda: plrui.frame(app, TITLE), "the challenge dialog")
        plrui.point_at(dialog)

        plrui.click(plrui.wait_for_node(dialog, "the proposed value", role="text",
                                        name="What it should be"))
        plrui.type_text(PROPOSED)
        plrui.click(plrui.wait_for_node(dialog, "the details", role="text", name="Details"))
        plrui.type_text(DETAILS)

        # Send by: the second choice, from the keyboard (the row is out of sight).
        plrui.key("Tab")
        plrui.key("Tab")
        plrui.key("Return")
        plrui.key("Down")
        plrui.key("Return")
        plrui.wait_for_node(dialog, "the Save Letter button", role="push button",
                            pattern=r"^_?Save Letter").doActionNamed("click")

        chooser = plrui.wait_for(lambda: chooser_window(app, "Save the Letter"),
                                 "the file chooser")
        plrui.point_at(chooser)
        plrui.key("<Control>a")
        plrui.type_text(letter)
        plrui.wait_for_node(chooser, "the chooser's Save button", role="push button",
                            pattern=r"^_?Save\b").doActionNamed("click")
        plrui.wait_for(lambda: plrui.frame(app, TITLE) is None,
                       "the dialog to close once the letter is saved")

        with open(letter, "rb") as f:
            head = f.read(5)
        if head != b"%PDF-":
            fail(f"the letter is not a PDF: {head!r}")
        log(f"letter written: {os.path.getsize(letter)} bytes")

        plrui.point_at(window)
        plrui.key("Escape")
        plrui.key("<Alt>4")
        plrui.wait_for_node(window, "the challenge submitted", role="label", name="Submitted")

        def open_detail():
            title = plrui.find_one(window, role="label", pattern=r": Grade$")
            if title is None:
                return None
            plrui.click(title)
            return plrui.find_one(window, role="label", name="Timeline")
        plrui.wait_for(open_detail, "the challenge's detail")
        if "A letter to your learning provider" not in plrui.label_texts(window):
            fail("the challenge does not say it was sent by letter")
        log("saved as a letter and followed as submitted")
    finally:
        plrui.stop(process)


plrui.run(main)

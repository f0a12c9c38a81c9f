#!/usr/bin/python3
# A learner makes a configured view for a job application: Shares, New
# View, the "Job application" preset, one achievement unticked, Export PDF
# into a file typed into the file chooser. The PDF holds the chosen
# achievements and not the unticked one.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import shutil
import subprocess

from dogtail import rawinput

import plrui
from plrui import fail, log

COUNT = r"^(\d+) achievements?$"
ENTRIES = r"^(\d+) entries, newest first$"
UNTICKED = "WJEC Level 1/Level 2 GCSE in Music"
KEPT = [
    "WJEC Level 1/Level 2 GCSE in Mathematics",
    "WJEC Level 3 Advanced GCE in Chemistry",
    "Principles of leading a team",
]


def entry_count(builder):
    node = plrui.find_one(builder, role="label", pattern=ENTRIES)
    return int(re.match(ENTRIES, node.name).group(1)) if node else None


def scroll_into_view(node, window, what, top=70, bottom=720):
    """Scrolls pane with the mouse wheel until node is on screen: GTK 4.8
    gives check buttons no action, so they are clicked with the mouse."""
    def visible():
        y = node.position[1]
        if top <= y <= bottom:
            return True
        x, y0 = window.position
        w, h = window.size
        rawinput.absoluteMotion(int(x + w * 0.2), int(y0 + h / 2))
        subprocess.run(["xdotool", "click", "--repeat", "3", "5" if y > bottom else "4"],
                       check=True)
        return False
    plrui.wait_for(visible, what, timeout=30, interval=0.3)


def squeeze(text):
    """Without any white space: pdftotext reads some word gaps of the
    tightly set PDF as no gap, and wraps put line breaks anywhere."""
    return "".join(text.split())


def pdf_text(path):
    return squeeze(subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", path, "-"],
                                  check=True, capture_output=True, text=True).stdout)


def main():
    for tool, package in (("pdftotext", "poppler-utils"), ("xdotool", "xdotool")):
        if shutil.which(tool) is None:
            fail(f"{tool} ({package}) is needed for this test")

    scratch = os.environ["PLR_TEST_SCRATCH"]
    target = os.path.join(scratch, "exports", "job-view.pdf")
    os.makedirs(os.path.dirname(target), exist_ok=True)

    process = plrui.start_app("--demo", env={"G_DEBUG": "fatal-criticals"})
    try:
        app = plrui.find_app(process)
        window = plrui.frame(app)
        count = plrui.wait_for_node(window, "the achievements", role="label", pattern=COUNT)
        n_events = int(re.match(COUNT, count.name).group(1))

        # Shares, then New View.
        plrui.point_at(window)
        plrui.key("<Alt>3")
        button = plrui.wait_for_node(window, "the New View button", role="push button",
                                     pattern=r"^New View")
        button.doActionNamed("click")
        builder = plrui.wait_for(lambda: plrui.frame(app, r"^New View"), "the view builder")

        # Blank shares nothing; the job application preset shares every entry.
        blank = plrui.wait_for_node(builder, "the Blank preset", role="check box",
                                    name="Blank")
        plrui.click(blank)
        plrui.wait_for_node(builder, "the empty preview", role="label",
                            name="This view holds no learning events.")
        job = plrui.wait_for_node(builder, "the Job application preset", role="check box",
                                  name="Job application")
        plrui.click(job)
        plrui.wait_for(lambda: entry_count(builder) == n_events,
                       f"the preview to show all {n_events} entries")
        log(f"the job application preset shows {n_events} entries")

        # Untick one achievement: the preview drops it at once.
        if len(plrui.find_all(builder, role="label", name=UNTICKED)) != 2:
            fail(f"{UNTICKED!r} is not both in the list and in the preview")
        check = plrui.wait_for_node(builder, "the check box of one achievement",
                                    role="check box", pattern="^" + re.escape(UNTICKED) + ",")
        scroll_into_view(check, builder, "the achievement's check box to scroll into view")
        plrui.click(check)
        plrui.wait_for(lambda: entry_count(builder) == n_events - 1,
                       "the preview to drop the unticked entry")
        # Its row's title stays; its heading in the preview goes.
        plrui.wait_for(lambda: len(plrui.find_all(builder, role="label", name=UNTICKED)) == 1,
                       "the unticked achievement to leave the preview")

        # Export PDF, from the Export menu.
        export = plrui.wait_for(
            lambda: next((n for n in plrui.find_all(builder, role="push button", name="Export")
                          if "click" in n.actions), None),
            "the Export button")
        export.doActionNamed("click")
        item = plrui.wait_for_node(app, "the Export PDF menu item", pattern=r"^Export PDF")
        item.doActionNamed("click")

        # GTK 4.8 gives the file chooser dialog the role "filler".
        chooser = plrui.wait_for(
            lambda: next((c for c in app.children
                          if (c.name or "").startswith("Export the View as PDF")), None),
            "the file chooser")
        # GtkFileChooserNative falls back to GTK's own dialog here (no
        # portal): its name field has the focus and takes a whole path.
        plrui.point_at(chooser)
        name_field = plrui.find_one(chooser, role="text", name="Name")
        if name_field is not None:
            plrui.click(name_field)
        plrui.key("<Control>a")
        plrui.type_text(target)
        plrui.key("Return")

        plrui.wait_for(lambda: os.path.exists(target) and os.path.getsize(target) > 1000,
                       f"the PDF at {target}", timeout=30)
        mode = os.stat(target).st_mode & 0o777
        if mode & 0o077:
            fail(f"the export is readable by others: mode {mode:o}")

        text = pdf_text(target)
        for subject in KEPT:
            if squeeze(subject) not in text:
                fail(f"the PDF lacks the chosen achievement {subject!r}; its text:\n{text}")
        if squeeze(UNTICKED) in text:
            fail(f"the PDF holds the unticked achievement {UNTICKED!r}")
        entries = f"{n_events - 1} entries, newest first"
        if squeeze(entries) not in text:
            fail(f"the PDF does not say {entries!r}")
        log(f"the PDF holds {n_events - 1} entries and not the unticked one")
    finally:
        plrui.stop(process)


plrui.run(main)

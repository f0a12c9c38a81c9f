#!/usr/bin/python3
# The achievements read as two-line rows (issue 19.1): the subject in full,
# type · level · awarding body · date on the second line, the grade at the
# end, grouped by year under a summary, at 360 px and 1366 px wide and
# with 1.5× text. Each row's accessible name reads the whole row. A
# screenshot of each is left in the test output (PLR_SCREENSHOT_DIR).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import time

import plrui
from plrui import fail, log

APP_ID = "io.github.learningrecord.LearningRecord"
# An event of the sample learner (data/sample-learner.json).
SUBJECT = "WJEC Key Skills in Problem Solving - Level 2"
SECOND_LINE = "NVQ/GNVQ Key Skills Unit · Level 2 · WJEC/CBAC · 2 August 2016"
GRADE = "Pass"
SUMMARY = r"^24 qualifications: 10 at Level 3, 5 at Level 2, 9 at Level 1/2\. Latest: "


def screenshot(name):
    folder = os.environ.get("PLR_SCREENSHOT_DIR")
    if not folder:
        return
    path = os.path.join(folder, f"reading-{name}.png")
    subprocess.run(["import", "-window", "root", path], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log(f"screenshot: {path}")


def text_scale(factor):
    """An XSETTINGS manager announcing Xft/DPI at factor × 96, as GNOME's
    settings daemon does for its text-scaling-factor."""
    config = os.path.join(os.environ["PLR_TEST_SCRATCH"], f"xsettingsd-{factor}.conf")
    with open(config, "w", encoding="utf-8") as conf:
        conf.write(f"Xft/DPI {int(96 * factor * 1024)}\n")
    process = subprocess.Popen(["xsettingsd", "-c", config],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    if process.poll() is not None:
        fail(f"xsettingsd did not start (status {process.returncode})")
    return process


def gsettings_set(key, value):
    subprocess.run(["gsettings", "set", APP_ID, key, value], check=True)


def check_rows(name, width):
    gsettings_set("window-width", str(width))
    gsettings_set("window-maximized", "false")
    process = plrui.start_app("--demo", env={"GSETTINGS_BACKEND": "dconf"})
    try:
        app = plrui.find_app(process)
        window = plrui.frame(app)
        rows = plrui.wait_for_node(window, "the list of qualifications", role="list",
                                   name="Your qualifications")
        if [t for t in plrui.find_all(window, role="tree table") if t.showing]:
            fail(f"{name}: the dense table shows by default")
        summary = plrui.wait_for_node(window, "the summary", role="label", pattern=SUMMARY)
        log(f"{name}: summary {summary.name!r}")

        # The row reads back as its three parts, and as one accessible name.
        row = plrui.wait_for_node(rows, "the row's accessible name",
                                  pattern=r"^" + re.escape(f"{SUBJECT}, grade {GRADE}, "))
        texts = plrui.label_texts(row)
        log(f"{name}: row {row.name!r} reads {texts}")
        if texts[-3:] != [SUBJECT, SECOND_LINE, GRADE]:
            fail(f"{name}: the row reads {texts}, not subject, second line, grade")
        if SECOND_LINE not in row.name:
            fail(f"{name}: the accessible name {row.name!r} leaves out the second line")

        # Grouped by year, newest first: a heading above the first row of each.
        headings = [t for t in plrui.label_texts(rows) if re.fullmatch(r"\d{4}", t)]
        log(f"{name}: year headings on show {headings}")
        if not headings or headings != sorted(set(headings), reverse=True):
            fail(f"{name}: the year headings are {headings}")

        # GTK 4.8 reports no extents for a label through AT-SPI (0×0), so
        # whether anything is cut is seen in the screenshots; what is read
        # back is the whole text of each part.
        ww, wh = window.size
        log(f"{name}: window {ww}×{wh}")
        if abs(ww - width) > 40:
            fail(f"{name}: the window is {ww} px wide, not about {width}")
        time.sleep(1.0)
        screenshot(name)
    finally:
        plrui.stop(process)
    gsettings_set("window-width", "1000")


def main():
    check_rows("1366", 1366)
    check_rows("360", 360)
    daemon = text_scale(1.5)
    try:
        check_rows("360-text-1.5", 360)
        check_rows("1366-text-1.5", 1366)
    finally:
        plrui.stop(daemon)


plrui.run(main)

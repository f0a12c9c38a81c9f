#!/usr/bin/python3
# "Check a Shared Record…" (issue 13): a real PLR service on 127.0.0.1
# signs a presentation with its key (make-check-presentation); the app,
# set to that service, opens the check window from the main menu, fetches
# the service's keys on the first check, and shows a valid presentation's
# values with who signed it and how much was left out. The same file with
# one byte of the signature changed shows the failed check. Both are opened
# with Open File… (the chooser's typed path).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess

import plrui
from plrui import fail, log


def start_service(data_dir):
    service = subprocess.Popen([os.environ["SERVICE"], "--port", "0", "--data", data_dir,
                                "--seed-demo"],
                               stdout=subprocess.PIPE, text=True)
    line = service.stdout.readline()
    match = re.match(r"Listening on (http://127\.0\.0\.1:\d+/)", line)
    if not match:
        plrui.stop(service)
        fail(f"the service did not start: {line!r}")
    log(f"service at {match.group(1)}")
    return service, match.group(1)


def button(node, pattern):
    return next((n for n in plrui.find_all(node, role="push button", pattern=pattern)
                 if "click" in n.actions), None)


def chooser_window(app):
    # GTK 4.8 gives its file chooser dialog the role "filler".
    for child in app.children:
        if child.name == "Open a Shared Record":
            return child
    return None


def check_file(app, window, path):
    """Opens @path with Open File…: GTK's chooser takes a typed path."""
    # GTK 4.8 names a button by its label and its label's text together.
    open_button = plrui.wait_for(lambda: button(window, r"^Open File…"), "the Open File button")
    open_button.doActionNamed("click")
    chooser = plrui.wait_for(lambda: chooser_window(app), "the file chooser")
    plrui.point_at(chooser)
    plrui.key("<Control>l")
    plrui.key("<Control>a")
    plrui.type_text(path)
    # The chooser may open on Recent, where Enter does not accept: its button does.
    plrui.wait_for_node(chooser, "the chooser's Open button", role="push button",
                        pattern=r"^_?Open\b").doActionNamed("click")
    plrui.wait_for(lambda: chooser_window(app) is None, "the file chooser to close")


def main():
    scratch = os.environ.get("PLR_TEST_SCRATCH", "/tmp")
    data_dir = os.path.join(scratch, "service")
    out_dir = os.path.join(scratch, "check")
    os.makedirs(data_dir, exist_ok=True)
    os.makedirs(out_dir, exist_ok=True)
    service, url = start_service(data_dir)
    process = None
    try:
        subprocess.run([os.environ["MAKE_CHECK_PRESENTATION"], data_dir, out_dir], check=True)
        with open(os.path.join(out_dir, "expected.txt"), encoding="utf-8") as f:
            given_name, subject, grade = f.read().splitlines()

        # GTK's own chooser rather than a portal's, which this session lacks.
        env = {"LEARNING_RECORD_SERVICE_URL": url, "G_DEBUG": "fatal-criticals",
               "GTK_USE_PORTAL": "0"}
        process = plrui.start_app(env=env)
        app = plrui.find_app(process)
        window = plrui.frame(app)
        plrui.point_at(window)
        plrui.key("F10")
        item = plrui.wait_for_node(app, "the menu item", pattern=r"^Check a Shared Record")
        item.doActionNamed("click")
        check = plrui.wait_for(lambda: plrui.frame(app, r"^Check a Shared Record$"),
                               "the check window")
        plrui.wait_for_node(check, "the Open File button", role="push button",
                            pattern=r"^Open File…")

        # A valid presentation: checked, signed by the service, its values.
        check_file(app, check, os.path.join(out_dir, "valid.sd-jwt"))
        plrui.wait_for_node(check, "the checked result", role="label",
                            pattern=r"^Checked: signed by http://127\.0\.0\.1/$", timeout=30)
        labels = plrui.label_texts(check)
        for value in (given_name, subject, grade, "Given name", "Sent by the learner",
                      "https://employer.example"):
            if value not in labels:
                fail(f"the check does not show {value!r}: {labels}")
        if not any(re.match(r"^\d+ details shown\. \d+ signed items were not shared", t)
                   for t in labels):
            fail(f"the check does not count what was not shared: {labels}")
        shots = os.environ.get("PLR_SCREENSHOT_DIR")
        if shots:
            subprocess.run(["import", "-window", "root",
                            os.path.join(shots, "check-shared-valid.png")], check=False)

        # One byte of the signature changed: the failed check, no values.
        check_file(app, check, os.path.join(out_dir, "tampered.sd-jwt"))
        plrui.wait_for_node(check, "the failed check", role="label", pattern=r"^Not verified$",
                            timeout=30)
        plrui.wait_for_node(check, "which check failed", role="label",
                            pattern=r"^The signature does not match")
        labels = plrui.label_texts(check)
        if given_name in labels or subject in labels:
            fail(f"a failed check still shows the record's values: {labels}")
        if shots:
            subprocess.run(["import", "-window", "root",
                            os.path.join(shots, "check-shared-tampered.png")], check=False)
        log("the valid presentation was checked and the tampered one refused")
    finally:
        plrui.stop(process)
        plrui.stop(service)


plrui.run(main)

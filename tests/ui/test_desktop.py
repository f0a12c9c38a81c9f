#!/usr/bin/python3
# Desktop integration: the running app does the command-line work of a
# second "learning-record --import FILE" and its window shows the new
# record at once; "learning-record FILE" (what a file manager runs) asks
# before replacing the record and refuses a bad file with the reason; and
# a notification's action, activated over D-Bus after the app has quit,
# starts it through its D-Bus service file on the right section.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import subprocess
import time

import plrui
from plrui import fail, log

APP_ID = "io.github.learningrecord.LearningRecord"
COUNT = r"^(\d+) achievements?$"


def run_cli(*args):
    result = subprocess.run([os.environ["APP"], *args], env=plrui.app_env(),
                            capture_output=True, text=True, timeout=60 * plrui.TIMEOUT_SCALE)
    log(f"learning-record {' '.join(args)} -> {result.returncode}: "
        f"{result.stdout.strip()!r} {result.stderr.strip()!r}")
    return result


def count_of(window):
    return plrui.wait_for_node(window, "the achievements count", role="label", pattern=COUNT,
                               timeout=30).name


def wait_for_count(window, expected):
    return plrui.wait_for(lambda: plrui.find_one(window, role="label", name=expected),
                          f"the window to show {expected!r}", timeout=30)


def bus_call(*args):
    subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
                    "--object-path", "/org/freedesktop/DBus", *args],
                   check=True, capture_output=True, timeout=30)


def name_has_owner():
    result = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.DBus",
                             "--object-path", "/org/freedesktop/DBus", "--method",
                             "org.freedesktop.DBus.NameHasOwner", APP_ID],
                            capture_output=True, text=True, timeout=30)
    return "true" in result.stdout


def find_running_app():
    from dogtail.tree import root
    for child in root.children:
        if child.name == plrui.APP_NAME and [c for c in child.children if c.roleName == "frame"]:
            return child
    return None


def main():
    scratch = os.environ.get("PLR_TEST_SCRATCH", "/tmp")
    source = os.path.join(os.environ["PLR_SOURCE_ROOT"], "data", "sample-learner.json")
    with open(source, encoding="utf-8") as f:
        sample = json.load(f)
    full = os.path.join(scratch, "full.json")
    with open(full, "w", encoding="utf-8") as f:
        json.dump(sample, f)
    few = os.path.join(scratch, "few.json")
    sample["events"] = sample["events"][:5]
    with open(few, "w", encoding="utf-8") as f:
        json.dump(sample, f)
    bad = os.path.join(scratch, "bad.json")
    sample["events"][0]["grade"] = 7
    with open(bad, "w", encoding="utf-8") as f:
        json.dump(sample, f)

    # No app running: the import is done alone, without a window.
    if run_cli("--import", full).returncode != 0:
        fail("the import without a running app failed")

    process = None
    try:
        process = plrui.start_app()
        app = plrui.find_app(process)
        window = plrui.frame(app)
        before = count_of(window)
        log(f"before: {before!r}")
        if before != "24 achievements":
            fail(f"the imported record shows {before!r}")

        # A second process hands its import to this one.
        result = run_cli("--import", few)
        if result.returncode != 0 or "Imported 5 learning events" not in result.stdout:
            fail("the handed-over import did not report 5 events to its own terminal")
        wait_for_count(window, "5 achievements")
        log("the window shows the imported record")

        # A handed-over export runs on the app's worker and reports to its
        # own terminal; the file is the learner's only.
        exported = os.path.join(scratch, "handed-over-export.json")
        result = run_cli("--export", exported)
        if result.returncode != 0 or "Exported 5 learning events" not in result.stdout:
            fail(f"the handed-over export did not report 5 events: {result.stdout!r} "
                 f"{result.stderr!r}")
        with open(exported, encoding="utf-8") as f:
            if len(json.load(f)["events"]) != 5:
                fail("the handed-over export does not hold the 5 events")
        if os.stat(exported).st_mode & 0o077:
            fail("the handed-over export is readable by others")
        log("the handed-over export wrote the record")

        # A refused file: the specific reason, and the record untouched.
        run_cli(bad)
        plrui.wait_for_node(app, "the refusal", role="label",
                            name="This Record File Cannot Be Opened")
        reason = plrui.wait_for_node(app, "the reason", role="label", pattern=r"grade")
        log(f"refused: {reason.name!r}")
        # GTK 4.8 names a dialog's response buttons "_Close Close".
        plrui.wait_for_node(app, "the Close button", role="push button",
                            pattern=r"^_Close\b").doActionNamed("click")
        if plrui.find_one(window, role="label", name="5 achievements") is None:
            fail("a refused file changed the record shown")

        # Opening a good file asks first, with the counts, then imports.
        run_cli(full)
        plrui.wait_for_node(app, "the confirmation", role="label", name="Replace Your Record?")
        plrui.wait_for_node(app, "what will be replaced", role="label",
                            pattern=r"24 learning events.*5 learning events")
        plrui.wait_for_node(app, "the Replace button", role="push button",
                            pattern=r"^_Replace\b").doActionNamed("click")
        wait_for_count(window, "24 achievements")
        log("the opened file replaced the record after the confirmation")
    finally:
        plrui.stop(process)

    plrui.wait_for(lambda: not name_has_owner(), "the app to leave the bus")

    # The app has quit: a notification's action starts it through D-Bus
    # activation (the service file, as installed, in this session's folders).
    services = os.path.join(os.environ["XDG_DATA_HOME"], "dbus-1", "services")
    os.makedirs(services, exist_ok=True)
    with open(os.path.join(services, APP_ID + ".service"), "w", encoding="utf-8") as f:
        f.write("[D-BUS Service]\n"
                f"Name={APP_ID}\n"
                f"Exec=/usr/bin/env GSETTINGS_BACKEND=memory {os.environ['APP']} "
                "--gapplication-service\n")
    bus_call("--method", "org.freedesktop.DBus.ReloadConfig")

    try:
        subprocess.run(["gapplication", "action", APP_ID, "show-section", "'challenges'"],
                       check=True, timeout=60 * plrui.TIMEOUT_SCALE)
        app = plrui.wait_for(find_running_app, "the activated app's window", timeout=30)
        window = plrui.frame(app)
        count_of(window)
        # The section's title in the header bar, beside the sidebar row's label.
        plrui.wait_for(lambda: len(plrui.find_all(window, role="label", name="Challenges")) >= 2,
                       "the Challenges section", timeout=20)
        if plrui.find_one(window, role="label", name="Achievements") is not None and \
                len(plrui.find_all(window, role="label", name="Achievements")) >= 2:
            fail("the activated app shows Achievements, not Challenges")
        log("the activated app opened on Challenges")
    finally:
        subprocess.run(["gapplication", "action", APP_ID, "quit"], timeout=30)
        plrui.wait_for(lambda: not name_has_owner(), "the activated app to quit", timeout=20)
        time.sleep(0.2)


if __name__ == "__main__":
    plrui.run(main)

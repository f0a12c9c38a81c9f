#!/usr/bin/python3
# The privacy centre, through the accessibility tree only: open Privacy,
# read the current sharing choice, change it through the dialog that says
# what it means, and see the new line in the history, confirmed by the
# service; Privacy and Personal Details give one retention year; then the network activity page lists the app's requests; and
# forgetting this device leaves the welcome page and no cache on disk.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess

import plrui
from plrui import fail, log

COUNT = r"^(\d+) achievements?$"
CHOICE = r"^(Not recorded in this app|You asked that organisations|Organisations may get)"


def screenshot(name):
    folder = os.environ.get("PLR_SCREENSHOT_DIR")
    if folder:
        subprocess.run(["import", "-window", "root", os.path.join(folder, name)], check=False)


def main():
    process = plrui.start_app("--demo")
    try:
        app = plrui.find_app(process)
        window = plrui.frame(app)
        plrui.wait_for_node(window, "the achievements", role="label", pattern=COUNT)

        # Privacy is the fifth section: Alt+5.
        plrui.point_at(window)
        plrui.key("<Alt>5")
        choice = plrui.wait_for_node(window, "the current sharing choice", role="label",
                                     pattern=CHOICE)
        log(f"current choice: {choice.name!r}")
        if not choice.name.startswith("Not recorded in this app"):
            fail(f"a fresh demo should have no recorded choice: {choice.name!r}")
        plrui.wait_for_node(window, "the empty history", role="label",
                            name="No choices recorded yet")
        screenshot("privacy-before.png")

        # One retention rule: Privacy and Personal Details give the same year.
        kept = plrui.wait_for_node(window, "the retention sentence", role="label",
                                   pattern=r"^The Learning Records Service may keep your record")
        privacy_year = re.search(r"\b(\d{4})\b", kept.name)
        plrui.key("<Alt>2")
        until = plrui.wait_for_node(window, "the retention row", role="label",
                                    pattern=r"^(Until (about )?\d{4}|Up to 66 years)$")
        details_year = re.search(r"\b(\d{4})\b", until.name)
        log(f"kept until: privacy {kept.name!r}, personal details {until.name!r}")
        if (privacy_year and privacy_year.group(1)) != (details_year and details_year.group(1)):
            fail(f"two retention years: {kept.name!r} and {until.name!r}")
        plrui.key("<Alt>5")
        plrui.wait_for_node(window, "the current sharing choice", role="label", pattern=CHOICE)

        # Opt out: the dialog says what that means before anything happens.
        button = plrui.wait_for_node(window, "the opt-out button", role="push button",
                                     name="Opt Out…")
        button.doActionNamed("click")
        plrui.wait_for_node(app, "the consequence dialog", role="label",
                            pattern=r"Awarding organisations may not be able to find you")
        plrui.wait_for_node(app, "the ULN consequence", role="label", pattern=r"Your ULN stays")
        screenshot("privacy-dialog.png")
        dialog = plrui.wait_for_node(app, "the dialog", role="dialog",
                                     name="Opt Out of Sharing?")
        # GTK 4.8 names a mnemonic button by its raw label, then its text.
        confirm = plrui.wait_for_node(dialog, "the dialog's Opt Out button", role="push button",
                                      pattern=r"^_?Opt Out( Opt Out)?$")
        confirm.doActionNamed("click")

        # The history gains the choice; the service confirms it.
        plrui.wait_for_node(window, "the new history line", role="label", name="Opted out")
        plrui.wait_for_node(window, "the changed choice", role="label",
                            pattern=r"^You asked that organisations get no learning events")
        line = plrui.wait_for_node(window, "the service's confirmation", role="label",
                                   pattern=r"in this app · Confirmed .*, reference ")
        log(f"history line: {line.name!r}")
        if plrui.find_one(window, role="label", name="No choices recorded yet"):
            fail("the history still says nothing was recorded")
        plrui.wait_for_node(window, "the opt-back-in button", role="push button",
                            name="Opt Back In…")
        screenshot("privacy-after.png")

        # The network activity page lists the sign-in, the fetch and the change.
        button = plrui.wait_for_node(window, "the network activity button",
                                     role="push button", pattern=r"^Open “Network activity”")
        button.doActionNamed("click")
        request = plrui.wait_for_node(window, "a logged request", role="label",
                                      pattern=r"^PUT 127\.0\.0\.1.*/sharing-preferences$")
        log(f"logged: {request.name!r}")
        for n in plrui.find_all(window, role="label", pattern=r"^(GET|PUT|POST) "):
            if "?" in n.name:
                fail(f"a logged path carries a query: {n.name!r}")
        screenshot("privacy-network.png")

        # Forget this device: the dialog says what goes; then the welcome
        # page, and the demo's cache is gone from the disk.
        plrui.wait_for_node(window, "the back button", role="push button",
                            pattern=r"^Back to Privacy").doActionNamed("click")
        plrui.wait_for_node(window, "the forget button", role="push button",
                            name="Forget this device").doActionNamed("click")
        dialog = plrui.wait_for_node(app, "the forget dialog", role="dialog",
                                     name="Forget This Device?")
        plrui.wait_for_node(dialog, "what is deleted", role="label",
                            pattern=r"your saved record and every earlier copy")
        plrui.wait_for_node(dialog, "the forget response", role="push button",
                            pattern=r"^_Forget This Device").doActionNamed("click")
        plrui.wait_for_node(window, "the welcome page", role="label",
                            name="Welcome to Learning Record")
        cache = os.path.join(os.environ["XDG_DATA_HOME"], "learning-record")
        left = plrui.wait_for(lambda: not os.path.exists(os.path.join(cache, "demo.db")) or None,
                              "the demo cache to be deleted")
        files = [os.path.join(d, f) for d, _, fs in os.walk(cache) for f in fs]
        if files:
            fail(f"files left after forgetting: {files}")
        log(f"forgotten: {left}")
    finally:
        plrui.stop(process)


plrui.run(main)

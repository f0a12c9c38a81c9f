#!/usr/bin/python3
# A learner shares a configured view by code: Shares, New View, the "Job
# application" preset, a recipient, Share by Code with the default expiry
# (one month). Back in Shares the share is in the sharing log and, the demo
# service being reachable, gets its code and a Copy Link button; the saved
# view is listed. Revoking it (with confirmation) leaves it Revoked.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess

import plrui
from plrui import fail, log

COUNT = r"^(\d+) achievements?$"
RECIPIENT = "Acme Engineering Ltd"
CODE = r"^Share code (\S+)$"


def screenshot(name):
    folder = os.environ.get("PLR_SCREENSHOT_DIR")
    if folder:
        subprocess.run(["import", "-window", "root", os.path.join(folder, name)], check=False)


def button(node, pattern):
    """A push button with an action: GTK 4.8 may also list a copy of it
    without one, and doubles some names ("New View New View…")."""
    return next((n for n in plrui.find_all(node, role="push button", pattern=pattern)
                 if "click" in n.actions), None)


def main():
    process = plrui.start_app("--demo", env={"G_DEBUG": "fatal-criticals"})
    try:
        app = plrui.find_app(process)
        window = plrui.frame(app)
        plrui.wait_for_node(window, "the achievements", role="label", pattern=COUNT)

        # Shares is empty at first: the status page and its New View button.
        plrui.point_at(window)
        plrui.key("<Alt>3")
        plrui.wait_for_node(window, "the empty Shares page", role="label", name="No Shares Yet")
        plrui.wait_for(lambda: button(window, r"^New View"),
                       "the New View button").doActionNamed("click")
        builder = plrui.wait_for(lambda: plrui.frame(app, r"^New View"), "the view builder")

        job = plrui.wait_for_node(builder, "the Job application preset", role="check box",
                                  name="Job application")
        plrui.click(job)

        # A share says who it is for.
        recipient = plrui.wait_for_node(builder, "the recipient field", role="text",
                                        pattern=r"^Recipient")
        plrui.click(recipient)
        plrui.type_text(RECIPIENT)
        # GTK 4.8 does not expose an entry's text: the sharing log row
        # "For <recipient>" below shows it arrived.

        plrui.wait_for(lambda: button(builder, r"^Share by Code"),
                       "the Share by Code button").doActionNamed("click")
        dialog = plrui.wait_for_node(app, "the share dialog", role="dialog",
                                     pattern=r"^Share by Code$")
        expiry = plrui.find_one(dialog, pattern=r"^Expires after")
        if expiry is None:
            fail("the share dialog has no expiry choice")
        if "1 month" not in plrui.label_texts(dialog):
            fail(f"the expiry is not one month by default: {plrui.label_texts(dialog)}")
        plrui.wait_for(lambda: button(dialog, r"^_?Share( Share)?$"), "the Share button") \
            .doActionNamed("click")
        plrui.wait_for(lambda: plrui.find_one(app, role="dialog", pattern=r"^Share by Code$")
                       is None, "the share dialog to close")
        log("shared the job application view by code for one month")

        # The builder says when the code is ready; then it is closed.
        plrui.point_at(builder)
        plrui.key("<Control>w")
        plrui.wait_for(lambda: plrui.frame(app, r"^New View") is None,
                       "the view builder to close")

        # Shares: the saved view, and the share with its code.
        plrui.wait_for_node(window, "the saved views", role="label", name="Saved Views")
        plrui.wait_for_node(window, "the saved view's Open button", role="push button",
                            pattern=r"^Open “Job application”")
        plrui.wait_for_node(window, f"the share for {RECIPIENT}", role="label",
                            name=f"For {RECIPIENT}")
        code = plrui.wait_for_node(window, "the share code", role="label", pattern=CODE,
                                   timeout=30)
        share_code = re.match(CODE, code.name).group(1)
        log(f"the sharing log shows share code {share_code}")
        plrui.wait_for(lambda: button(window, r"^Copy Link"), "the Copy Link button")
        plrui.wait_for_node(window, "the share's state", role="label",
                            pattern=r"^Active until .* · Viewed 0 times$")

        screenshot("shares.png")

        # Revoke it, with confirmation.
        plrui.wait_for(lambda: button(window, r"^Revoke"), "the Revoke button") \
            .doActionNamed("click")
        confirm = plrui.wait_for_node(app, "the revoke dialog", role="dialog",
                                      pattern=r"^Revoke the Share\?$")
        if not any(share_code in text for text in plrui.label_texts(confirm)):
            fail("the revoke dialog does not name the share code")
        plrui.wait_for(lambda: button(confirm, r"^_?Revoke( Revoke)?$"), "the Revoke response") \
            .doActionNamed("click")
        plrui.wait_for_node(window, "the share to show Revoked", role="label", name="Revoked")
        if button(window, r"^Revoke") is not None or button(window, r"^Copy Link") is not None:
            fail("a revoked share still offers Copy Link or Revoke")
        log("the share is revoked")
    finally:
        plrui.stop(process)


plrui.run(main)

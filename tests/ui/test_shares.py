#!/usr/bin/python3
# A learner shares a configured view by code: Shares, New View (nothing
# chosen, Share by Code disabled until a recipient is named), the "Job
# application" preset, a recipient,
# Share by Code with the default expiry (one month). The builder then shows
# what to send: the link in full, the code, Copy Link, Send by Email and a
# QR code described for screen readers. Back in Shares the share is in the
# sharing log with its code and a Copy Link button; the saved view is listed. Revoking it (with confirmation) leaves it Revoked; the
# log exported as JSON says so; deleting the saved view keeps the log.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
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

        # A new view starts with nothing chosen, and cannot be shared
        # before it says who it is for.
        blank = plrui.wait_for_node(builder, "the blank preset", role="check box",
                                    pattern=r"^Blank|^Start blank|^Nothing")
        if not blank.checked:
            fail("a new view does not start with nothing chosen")
        share_button = plrui.wait_for(lambda: button(builder, r"^Share by Code"),
                                      "the Share by Code button")
        if share_button.sensitive:
            fail("Share by Code is enabled before a recipient is named")

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
        screenshot("share-dialog.png")
        plrui.wait_for(lambda: button(dialog, r"^_?Share( Share)?$"), "the Share button") \
            .doActionNamed("click")
        plrui.wait_for(lambda: plrui.find_one(app, role="dialog", pattern=r"^Share by Code$")
                       is None, "the share dialog to close")
        log("shared the job application view by code for one month")

        # The builder ends on what to send: the link, the code, the QR code.
        plrui.wait_for_node(builder, "the result page", role="label", name="Ready to Send",
                            timeout=30)
        link = plrui.wait_for_node(builder, "the link in full", role="label",
                                   pattern=r"^https?://127\.0\.0\.1:\d+/\S+$")
        result_code = plrui.wait_for_node(builder, "the code on the result page", role="label",
                                          pattern=r"^[0-9A-Z]{4}(-[0-9A-Z]{4})+$")
        if not any(RECIPIENT in text for text in plrui.label_texts(builder)):
            fail("the result page does not say who to send it to")
        qr = plrui.find_one(builder, pattern=r"^QR code of the share link")
        if qr is None:
            fail("the result page has no QR code")
        if link.name not in (qr.description or ""):
            fail(f"the QR code's description does not give the link: {qr.description!r}")
        plrui.wait_for(lambda: button(builder, r"^Send by _?Email"), "the Send by Email button")
        plrui.wait_for(lambda: button(builder, r"^_?Copy Link"), "the Copy Link button") \
            .doActionNamed("click")
        shown_code = result_code.name
        log(f"the result page shows the link and code {shown_code}")
        screenshot("share-result.png")

        # Then it is closed.
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
        if share_code != shown_code:
            fail(f"the log's code {share_code} is not the result page's {shown_code}")
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

        # The sharing log as JSON, through the file chooser.
        target = os.path.join(os.environ["PLR_TEST_SCRATCH"], "exports", "sharing-log.json")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        plrui.wait_for(lambda: button(window, r"^Export Log"), "the Export Log button") \
            .doActionNamed("click")
        # GTK 4.8 gives the file chooser dialog the role "filler".
        chooser = plrui.wait_for(
            lambda: next((c for c in app.children
                          if (c.name or "").startswith("Export the Sharing Log")), None),
            "the file chooser")
        plrui.point_at(chooser)
        name_field = plrui.find_one(chooser, role="text", name="Name")
        if name_field is not None:
            plrui.click(name_field)
        plrui.key("<Control>a")
        plrui.type_text(target)
        plrui.key("Return")
        plrui.wait_for(lambda: os.path.exists(target) and os.path.getsize(target) > 0,
                       f"the sharing log at {target}", timeout=30)
        if os.stat(target).st_mode & 0o077:
            fail("the exported sharing log is readable by others")
        with open(target, encoding="utf-8") as f:
            entries = json.load(f)["sharing_log"]
        if len(entries) != 1:
            fail(f"the exported log has {len(entries)} entries, not 1")
        entry = entries[0]
        expected = {"recipient": RECIPIENT, "channel": "share-code", "state": "revoked",
                    "share_code": share_code, "view_name": "Job application"}
        for member, value in expected.items():
            if entry.get(member) != value:
                fail(f"the exported log says {member}={entry.get(member)!r}, not {value!r}")
        if not entry.get("entries") or not entry.get("expires_at"):
            fail(f"the exported log lacks the entry count or the expiry: {entry}")
        log(f"the exported log holds the revoked share of {entry['entries']} entries")

        # The saved view opens again in the builder, to edit.
        plrui.point_at(window)
        plrui.wait_for(lambda: button(window, r"^Open “Job application”"),
                       "the saved view's Open button").doActionNamed("click")
        editor = plrui.wait_for(lambda: plrui.frame(app, r"^Edit View"), "the builder to edit")
        plrui.wait_for_node(editor, "the view's recipient in the preview", role="label",
                            pattern="^Prepared for " + re.escape(RECIPIENT))
        plrui.point_at(editor)
        plrui.key("<Control>w")
        plrui.wait_for(lambda: plrui.frame(app, r"^Edit View") is None, "the builder to close")

        # Delete the saved view, with confirmation: the log stays.
        plrui.point_at(window)
        plrui.wait_for(lambda: button(window, r"^Delete “Job application”"),
                       "the saved view's Delete button").doActionNamed("click")
        confirm = plrui.wait_for_node(app, "the delete dialog", role="dialog",
                                      pattern=r"^Delete the View\?$")
        plrui.wait_for(lambda: button(confirm, r"^_?Delete( Delete)?$"), "the Delete response") \
            .doActionNamed("click")
        plrui.wait_for(lambda: button(window, r"^Open “Job application”") is None,
                       "the saved view to go")
        plrui.wait_for_node(window, "the sharing log to stay", role="label",
                            name=f"For {RECIPIENT}")
        log("the saved view is deleted; the sharing log keeps the share")
    finally:
        plrui.stop(process)


plrui.run(main)

#!/usr/bin/python3
# A share made while the service cannot be reached waits: sign in to a real
# PLR service and fetch, lose the service, start again from the cache, then
# Share by Code. The sharing log shows it "Waiting to send", with no code,
# no Copy Link and no Revoke; the builder says "Waiting to Send" with no link;
# and Cancel Share takes it back before it ever leaves the device.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess

import plrui
from plrui import fail, log

COUNT = r"^(\d+) achievements?$"
RECIPIENT = "Offline College"


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


def screenshot(name):
    folder = os.environ.get("PLR_SCREENSHOT_DIR")
    if folder:
        subprocess.run(["import", "-window", "root", os.path.join(folder, name)], check=False)


def button(node, pattern):
    """A push button with an action: GTK 4.8 may also list one without."""
    return next((n for n in plrui.find_all(node, role="push button", pattern=pattern)
                 if "click" in n.actions), None)


def main():
    data_dir = os.path.join(os.environ.get("PLR_TEST_SCRATCH", "/tmp"), "service")
    os.makedirs(data_dir, exist_ok=True)
    service, url = start_service(data_dir)
    env = {
        "LEARNING_RECORD_SERVICE_URL": url,
        "LEARNING_RECORD_TEST_BROWSER": "form:demo:demo",
        "G_DEBUG": "fatal-criticals",
    }
    process = None
    try:
        process = plrui.start_app(env=env)
        app = plrui.find_app(process)
        window = plrui.frame(app)
        row = plrui.wait_for_node(window, "the sign-in row of the welcome page",
                                  role="list item",
                                  name="Sign in to your learning record service")
        plrui.click(row)
        plrui.wait_for_node(window, "the fetched record", role="label", pattern=COUNT,
                            timeout=30)
        plrui.stop(process)

        # The service goes away; the app starts again from its cache.
        plrui.stop(service)
        service = None
        process = plrui.start_app(env=env)
        app = plrui.find_app(process)
        window = plrui.frame(app)
        plrui.wait_for_node(window, "the saved record", role="label", pattern=COUNT)
        plrui.wait_for_node(window, "the offline indicator", role="label", name="Offline")

        plrui.point_at(window)
        plrui.key("<Alt>3")
        plrui.wait_for(lambda: button(window, r"^New View"),
                       "the New View button").doActionNamed("click")
        builder = plrui.wait_for(lambda: plrui.frame(app, r"^New View"), "the view builder")
        recipient = plrui.wait_for_node(builder, "the recipient field", role="text",
                                        pattern=r"^Recipient")
        plrui.click(recipient)
        plrui.type_text(RECIPIENT)
        plrui.wait_for(lambda: button(builder, r"^Share by Code"),
                       "the Share by Code button").doActionNamed("click")
        dialog = plrui.wait_for_node(app, "the share dialog", role="dialog",
                                     pattern=r"^Share by Code$")
        plrui.wait_for(lambda: button(dialog, r"^_?Share( Share)?$"), "the Share button") \
            .doActionNamed("click")
        # The result page says it waits, and offers no link yet.
        plrui.wait_for_node(builder, "the result page waiting", role="label",
                            name="Waiting to Send")
        if plrui.find_one(builder, role="label", pattern=r"^https?://") is not None:
            fail("the result page shows a link for a share that was never sent")
        screenshot("share-result-waiting.png")
        plrui.point_at(builder)
        plrui.key("<Control>w")
        plrui.wait_for(lambda: plrui.frame(app, r"^New View") is None,
                       "the view builder to close")

        plrui.wait_for_node(window, f"the share for {RECIPIENT}", role="label",
                            name=f"For {RECIPIENT}")
        plrui.wait_for_node(window, "the share waiting", role="label",
                            pattern=r"^Waiting to send · until ")
        if plrui.find_one(window, role="label", pattern=r"^Share code ") is not None:
            fail("a share that was never sent shows a code")
        if button(window, r"^Copy Link") is not None or button(window, r"^Revoke") is not None:
            fail("a share waiting to be sent offers Copy Link or Revoke")
        log("offline, the share waits to be sent")

        # It can be cancelled before it ever leaves the device.
        plrui.wait_for(lambda: button(window, r"^Cancel Share"), "the Cancel Share button") \
            .doActionNamed("click")
        plrui.wait_for_node(window, "the share to show Revoked", role="label", name="Revoked")
        if button(window, r"^Cancel Share") is not None:
            fail("a cancelled share still offers Cancel Share")
        if plrui.find_one(window, role="label", pattern=r"^Waiting to send") is not None:
            fail("a cancelled share still says it is waiting to send")
        log("the waiting share is cancelled")
    finally:
        plrui.stop(process)
        plrui.stop(service)


plrui.run(main)

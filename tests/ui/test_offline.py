#!/usr/bin/python3
# Sign in to a real PLR service, fetch, lose the service, start again: the
# saved record is still there, and the window says it is offline.
#
# The sign-in normally opens a browser; LEARNING_RECORD_TEST_BROWSER tells
# the app to fill in the reference service's form instead (test-only), and
# LEARNING_RECORD_SERVICE_URL sets the service address without Preferences.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess

import plrui
from plrui import fail, log

COUNT = r"^(\d+) achievements?$"


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


def main():
    data_dir = os.path.join(os.environ.get("PLR_TEST_SCRATCH", "/tmp"), "service")
    os.makedirs(data_dir, exist_ok=True)
    service, url = start_service(data_dir)
    env = {
        "LEARNING_RECORD_SERVICE_URL": url,
        "LEARNING_RECORD_TEST_BROWSER": "form:demo:demo",
    }
    process = None
    try:
        # First run: no record, so the welcome page; sign in from it.
        process = plrui.start_app(env=env)
        app = plrui.find_app(process)
        window = plrui.frame(app)
        row = plrui.wait_for_node(window, "the sign-in row of the welcome page",
                                  role="list item",
                                  name="Sign in to your learning record service")
        plrui.click(row)
        count = plrui.wait_for_node(window, "the fetched record", role="label", pattern=COUNT,
                                    timeout=30)
        fetched = count.name
        log(f"fetched: {fetched!r}")
        plrui.stop(process)

        # The service goes away; the app starts again from its cache.
        plrui.stop(service)
        service = None
        process = plrui.start_app(env=env)
        app = plrui.find_app(process)
        window = plrui.frame(app)
        again = plrui.wait_for_node(window, "the saved record", role="label", pattern=COUNT)
        if again.name != fetched:
            fail(f"the saved record says {again.name!r}, the fetched one said {fetched!r}")
        plrui.wait_for_node(window, "the offline indicator", role="label", name="Offline")
        log("offline indicator shown with the saved record")
    finally:
        plrui.stop(process)
        plrui.stop(service)


plrui.run(main)

#!/usr/bin/python3
# The check for sensitive personal data: a record whose provider's name
# says "Disability" is imported; Challenges, "Check for Sensitive Data"
# finds that one place, and "Challenge…" opens a challenge filled in with
# the detail and the reason, which the learner sends (here, with the
# service unreachable, it waits to send).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import os
import subprocess

import plrui
from plrui import fail, log

COUNT = r"^(\d+) achievements?$"
PROVIDER = "Hillside Disability Centre"


def main():
    scratch = os.environ.get("PLR_TEST_SCRATCH", "/tmp")
    sample = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data",
                          "sample-learner.json")
    with open(sample, encoding="utf-8") as f:
        record = json.load(f)
    record["events"][0]["achievement_provider_name"] = PROVIDER
    subject = record["events"][0]["subject"]
    path = os.path.join(scratch, "record.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(record, f)

    # No service: a loopback port where nothing listens.
    env = {"LEARNING_RECORD_SERVICE_URL": "http://127.0.0.1:9/"}
    imported = subprocess.run([os.environ["APP"], "--import", path], env=plrui.app_env(env),
                              capture_output=True, text=True)
    if imported.returncode != 0:
        fail(f"the record could not be imported: {imported.stderr.strip()}")

    process = plrui.start_app(env=env)
    try:
        app = plrui.find_app(process)
        window = plrui.frame(app)
        plrui.wait_for_node(window, "the imported record", role="label", pattern=COUNT)

        plrui.point_at(window)
        plrui.key("<Alt>4")
        plrui.wait_for_node(window, "the check", role="push button",
                            pattern=r"Check for Sensitive Data").doActionNamed("click")
        summary = plrui.wait_for_node(window, "the result of the check", role="label",
                                      pattern=r"may hold sensitive personal data")
        log(f"check: {summary.name!r}")
        if not summary.name.startswith("1 place "):
            fail(f"expected one place with sensitive data: {summary.name!r}")
        plrui.wait_for_node(window, "the place found", role="label",
                            name="Provider: health or disability (“disability”)")

        plrui.wait_for_node(window, "the button to challenge it", role="push button",
                            pattern=r"Challenge " + subject).doActionNamed("click")
        dialog = plrui.wait_for(lambda: plrui.frame(app, r"^Challenge This Entry$"),
                                "the pre-filled challenge")
        texts = plrui.label_texts(dialog)
        for expected in ("Provider", "It holds sensitive personal data", PROVIDER):
            if expected not in texts:
                fail(f"the challenge is not filled in with {expected!r}: {texts}")

        plrui.point_at(dialog)
        plrui.wait_for_node(dialog, "the Send button", role="push button",
                            pattern=r"^_?Send\b").doActionNamed("click")
        plrui.wait_for(lambda: plrui.frame(app, r"^Challenge This Entry$") is None,
                       "the dialog to close after sending")
        plrui.wait_for_node(window, "the challenge waiting to send", role="label",
                            name="Waiting to send")
        plrui.wait_for_node(window, "the challenge in the list", role="label",
                            name=f"{subject}: Provider")
        log("the sensitive data is challenged, waiting to send")
    finally:
        plrui.stop(process)


plrui.run(main)

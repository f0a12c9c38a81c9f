#!/usr/bin/python3
# A data challenge answered by the service: challenge an entry's grade
# against a real PLR service, have the operator accept it (the service's
# "challenge resolve"), refresh; the challenge is accepted, says the
# correction arrived and shows the service's note, and the entry says
# "Corrected after your challenge".
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess

import plrui
from plrui import fail, log

COUNT = r"^(\d+) achievements?$"
PROPOSED = "Distinction"


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


def open_first_entry(window):
    plrui.point_at(window)
    plrui.key("<Alt>1")
    plrui.key("<Control>f")
    plrui.key("Return")
    plrui.key("Return")
    return plrui.wait_for_node(window, "the details of an entry", pattern=r"^Grade: ")


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
        process = plrui.start_app(env=env)
        app = plrui.find_app(process)
        window = plrui.frame(app)
        row = plrui.wait_for_node(window, "the sign-in row of the welcome page",
                                  role="list item",
                                  name="Sign in to your learning record service")
        plrui.click(row)
        plrui.wait_for_node(window, "the fetched record", role="label", pattern=COUNT,
                            timeout=30)

        # Challenge the first entry's grade.
        grade = open_first_entry(window)
        log(f"details: {grade.name!r}")
        plrui.wait_for_node(window, "the challenge button", role="push button",
                            pattern=r"^Challenge this entry…").doActionNamed("click")
        dialog = plrui.wait_for(lambda: plrui.frame(app, r"^Challenge This Entry$"),
                                "the challenge dialog")
        plrui.point_at(dialog)
        plrui.click(plrui.wait_for_node(dialog, "the proposed value", role="text",
                                        name="What it should be"))
        plrui.type_text(PROPOSED)
        plrui.wait_for_node(dialog, "the Send button", role="push button",
                            pattern=r"^_?Send\b").doActionNamed("click")
        plrui.wait_for(lambda: plrui.frame(app, r"^Challenge This Entry$") is None,
                       "the dialog to close after sending")

        # The service's id of the challenge, from its detail.
        plrui.point_at(window)
        plrui.key("Escape")
        plrui.key("<Alt>4")
        plrui.wait_for_node(window, "the challenge submitted", role="label", name="Submitted",
                            timeout=30)

        def open_detail():
            title = plrui.find_one(window, role="label", pattern=r": Grade$")
            if title is None:
                return None
            plrui.click(title)
            return plrui.find_one(window, role="label", pattern=r"^ch_")
        service_id = plrui.wait_for(open_detail, "the service's reference").name
        log(f"service reference: {service_id}")

        # The operator accepts it.
        resolved = subprocess.run([os.environ["SERVICE"], "challenge", "resolve", service_id,
                                   "--data", data_dir, "--accept", "--note", "Checked with the awarding body"],
                                  capture_output=True, text=True)
        if resolved.returncode != 0:
            fail(f"the service could not resolve the challenge: {resolved.stderr.strip()}")

        # A refresh brings the answer: a toast, the status, the correction.
        plrui.point_at(window)
        plrui.key("<Control>r")
        # (The toast that says so is not in GTK 4.8's accessibility tree.)
        plrui.wait_for_node(window, "the new status in the list", role="label",
                            name="Accepted", timeout=30)
        plrui.wait_for_node(window, "the correction in the challenge's detail", role="label",
                            name="Accepted, and corrected in your record", timeout=30)
        plrui.wait_for_node(window, "the service's note in the timeline", role="label",
                            pattern=r"Checked with the awarding body")

        grade = open_first_entry(window)
        if grade.name != f"Grade: {PROPOSED}":
            fail(f"the entry's grade reads {grade.name!r} after the correction")
        plrui.wait_for_node(window, "the entry's note of the correction", role="label",
                            name="Corrected after your challenge")
        log("accepted, corrected, and the entry says so")
    finally:
        plrui.stop(process)
        plrui.stop(service)


plrui.run(main)

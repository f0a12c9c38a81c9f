#!/usr/bin/python3
# The app with large text (GNOME's 1.25 text scaling and 1.5) and with the
# high-contrast style: the main controls are still there and named, the
# record still shows, and a screenshot of each is left in the test output
# (PLR_SCREENSHOT_DIR).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import subprocess
import time

import plrui
from plrui import fail, log

COUNT = r"^(\d+) achievements?$"


def screenshot(name):
    folder = os.environ.get("PLR_SCREENSHOT_DIR")
    if not folder:
        return
    path = os.path.join(folder, f"display-{name}.png")
    subprocess.run(["import", "-window", "root", path], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    log(f"screenshot: {path}")


def text_scale(factor):
    """Starts an XSETTINGS manager (xsettingsd) announcing Xft/DPI at
    factor × 96, which is what GNOME's settings daemon does for its
    text-scaling-factor; GTK on X11 takes its font DPI from there."""
    config = os.path.join(os.environ["PLR_TEST_SCRATCH"], f"xsettingsd-{factor}.conf")
    with open(config, "w", encoding="utf-8") as conf:
        conf.write(f"Xft/DPI {int(96 * factor * 1024)}\n")
    process = subprocess.Popen(["xsettingsd", "-c", config],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    if process.poll() is not None:
        fail(f"xsettingsd did not start (status {process.returncode})")
    return process


def high_contrast(on):
    subprocess.run(["gsettings", "set", "org.gnome.desktop.a11y.interface", "high-contrast",
                    "true" if on else "false"], check=True)


def check_window(name):
    # The app's own settings live in the session's dconf here, so that
    # libadwaita sees the high-contrast key.
    process = plrui.start_app("--demo", env={"GSETTINGS_BACKEND": "dconf"})
    try:
        app = plrui.find_app(process)
        window = plrui.frame(app)
        count = plrui.wait_for_node(window, "the achievement count", role="label", pattern=COUNT)
        plrui.wait_for_node(window, "the list of qualifications", role="list",
                            name="Your qualifications")
        for section in ("Achievements", "Personal Details", "Shares", "Challenges", "Privacy"):
            if not plrui.find_one(window, name=section):
                fail(f"{name}: the {section} section is not in the window")
        width, height = window.size
        log(f"{name}: {count.name!r}, window {width}×{height}")
        if width > 1280 or height > 860:
            fail(f"{name}: the window grew past the screen: {width}×{height}")
        time.sleep(1.0)
        screenshot(name)
        # The Filter button is as wide as its text and icon.
        button = plrui.find_one(window, pattern=r"^Filter")
        log(f"{name}: count label {count.size}, filter button {button.size if button else None}")
        return button.size[0] if button else 0
    finally:
        plrui.stop(process)


def main():
    # The default first, as the baseline for the sizes below.
    base = check_window("text-1.0")
    for factor in (1.25, 1.5):
        daemon = text_scale(factor)
        try:
            height = check_window(f"text-{factor}")
        finally:
            plrui.stop(daemon)
        # The Filter button grows with its text (its icon and padding do not).
        if height < base * (1 + (factor - 1) * 0.3):
            fail(f"text at {factor}× did not grow: Filter button {height} px wide against "
                 f"{base} px")
    high_contrast(True)
    check_window("high-contrast")
    high_contrast(False)


plrui.run(main)

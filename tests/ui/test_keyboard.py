#!/usr/bin/python3
# The main journeys with the keyboard alone: no click, no accessibility
# action. The pointer is moved once over the window, because with no
# window manager under Xvfb the keyboard focus follows it; after that every
# step is a key press, and the test finds its way with Tab as a keyboard
# user does, reading where the focus is from the accessibility tree.
#
#   search and open an achievement's details, and close them;
#   the keyboard shortcuts window;
#   Privacy: opt out through the consequence dialog and see the history line;
#   a new configured view (Ctrl+N), and closing it.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import re
import time

import plrui
from plrui import fail, log

COUNT = r"^(\d+) achievements?$"


def focused(node):
    """The node under node that has the keyboard focus, or None."""
    for n in plrui.walk(node):
        try:
            if n.focused:
                return n
        except Exception:
            continue
    return None


def tab_to(node, pattern, what, limit=80, backwards=False):
    """Presses Tab (or Shift+Tab) until the focus is on a control whose name
    matches pattern."""
    seen = []
    for _ in range(limit):
        current = focused(node)
        name = (current.name if current else "") or ""
        if re.search(pattern, name):
            log(f"focus on {what}: {current.roleName} {name!r}")
            return current
        seen.append(name)
        plrui.key("<Shift>Tab" if backwards else "Tab")
        time.sleep(0.15)
    fail(f"Tab never reached {what}; the focus went through {seen[-15:]}")


def main():
    process = plrui.start_app("--demo")
    try:
        app = plrui.find_app(process)
        window = plrui.frame(app)
        plrui.wait_for_node(window, "the achievement count", role="label", pattern=COUNT)
        plrui.point_at(window)   # focus follows the pointer: the only pointer move

        # Search, open the first result, read its grade, close the details.
        plrui.key("<Control>f")
        plrui.type_text("Chemistry")
        plrui.wait_for_node(window, "the search to narrow", role="label",
                            pattern=r"^\d+ of \d+ achievements?$")
        plrui.key("Return")
        plrui.key("Return")
        grade = plrui.wait_for_node(window, "the grade in the details", pattern=r"^Grade: ")
        log(f"details: {grade.name!r}")
        plrui.key("Escape")

        # The shortcuts window lists the shortcuts used here.
        plrui.key("<Control><Shift>slash")   # Ctrl+?
        shortcuts = plrui.wait_for(lambda: plrui.frame(app, r"Shortcuts"),
                                   "the keyboard shortcuts window")
        for title in ("Search achievements", "Make a new view to share"):
            plrui.wait_for_node(shortcuts, f"the {title!r} shortcut", pattern="^" + title)
        plrui.key("Escape")
        plrui.wait_for(lambda: plrui.frame(app, r"Shortcuts") is None,
                       "the shortcuts window to close")

        # Privacy: opt out, from the keyboard, through the consequence dialog.
        plrui.key("<Alt>5")
        plrui.wait_for_node(window, "the empty history", role="label",
                            name="No choices recorded yet")
        tab_to(window, r"^Opt Out…", "the Opt Out button")
        plrui.key("space")
        dialog = plrui.wait_for_node(app, "the consequence dialog", role="dialog",
                                     name="Opt Out of Sharing?")
        plrui.wait_for_node(dialog, "the consequences", role="label",
                            pattern=r"Awarding organisations may not be able to find you")
        tab_to(dialog, r"^_?Opt Out", "the dialog's Opt Out response")
        plrui.key("Return")
        plrui.wait_for_node(window, "the new history line", role="label", name="Opted out")
        log("opted out from the keyboard; the history shows it")

        # A new configured view, and closing it again.
        plrui.key("<Alt>1")
        plrui.key("<Control>n")
        builder = plrui.wait_for(lambda: plrui.frame(app, r"^New View"), "the view builder window")
        log(f"builder: {builder.name!r}")
        plrui.key("<Control>w")
        plrui.wait_for(lambda: plrui.frame(app, r"^New View") is None, "the view builder to close")
    finally:
        plrui.stop(process)


plrui.run(main)

#!/usr/bin/python3
# Walks the accessibility tree of every page (each section, the details of
# an event, the challenge dialog, Challenges after the sensitive data check,
# the filter, the privacy page and its dialogs, Preferences, the request for
# a copy, the view builder and its share dialog, the Shares page and its
# revoke dialog, the keyboard shortcuts) and fails on any control a screen
# reader would announce without a name.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import plrui
from plrui import fail, log

CONTROLS = {
    "push button", "toggle button", "check box", "menu button", "radio button",
    "entry", "text", "password text", "spin button", "combo box", "switch", "slider",
}
COUNT = r"^(\d+) achievements?$"


def describe(node):
    path = []
    current = node
    while current is not None and len(path) < 6:
        try:
            path.append(f"{current.roleName} {current.name!r}")
            current = current.parent
        except Exception:
            break
    return " < ".join(path)


def audit(node, what):
    unnamed = []
    checked = 0
    for n in plrui.walk(node):
        try:
            role = n.roleName
            name = (n.name or "").strip()
        except Exception:
            continue
        if role in CONTROLS:
            checked += 1
            if not name:
                unnamed.append(describe(n))
    log(f"{what}: {checked} controls checked")
    return [f"{what}: {u}" for u in unnamed]


def active_button(node, pattern):
    """A push button with an action: GTK 4.8 may also list one without."""
    return next((n for n in plrui.find_all(node, role="push button", pattern=pattern)
                 if "click" in n.actions), None)


def main():
    problems = []
    process = plrui.start_app("--demo")
    try:
        app = plrui.find_app(process)
        window = plrui.frame(app)
        plrui.wait_for_node(window, "the achievements", role="label", pattern=COUNT)

        # Every section is in the tree: the stack keeps them all.
        problems += audit(window, "main window")

        # The details of an event.
        plrui.point_at(window)
        plrui.key("<Control>f")
        plrui.key("Return")
        plrui.key("Return")
        plrui.wait_for_node(window, "the details of an event", pattern=r"^Grade: ")
        problems += audit(window, "event details")

        # The form of a data challenge, from the entry's details.
        button = plrui.wait_for_node(window, "the challenge button", role="push button",
                                     pattern=r"^Challenge this entry…")
        button.doActionNamed("click")
        dialog = plrui.wait_for(lambda: plrui.frame(app, r"^Challenge This Entry$"),
                                "the challenge dialog")
        plrui.wait_for_node(dialog, "the challenge form", role="text", name="Details")
        problems += audit(dialog, "challenge dialog")
        plrui.point_at(dialog)
        plrui.key("Escape")
        plrui.wait_for(lambda: plrui.frame(app, r"^Challenge This Entry$") is None,
                       "the challenge dialog to close")
        plrui.point_at(window)
        plrui.key("Escape")

        # The Challenges page, after the check for sensitive data.
        plrui.key("<Alt>4")
        check = plrui.wait_for_node(window, "the sensitive data check", role="push button",
                                    pattern=r"Check for Sensitive Data")
        check.doActionNamed("click")
        plrui.wait_for_node(window, "the result of the check", role="label",
                            pattern=r"sensitive personal data")
        problems += audit(window, "challenges page")
        plrui.key("<Alt>1")

        # The filter popover.
        filter_button = plrui.wait_for_node(window, "the filter button", role="push button",
                                            name="Filter")
        filter_button.doActionNamed("click")
        plrui.wait_for_node(app, "the filter popover", name="Sort By")
        problems += audit(app, "filter popover")
        plrui.key("Escape")

        # The Privacy section and its dialogs (Alt+5). Its sub-pages sit in
        # a stack, so the window's tree holds them all.
        plrui.point_at(window)
        plrui.key("<Alt>5")
        plrui.wait_for_node(window, "the privacy page", role="push button", name="Opt Out…")
        problems += audit(window, "privacy page")
        for button, pattern in (("Opt Out…", r"^Opt Out of Sharing\?$"),
                                ("Record a choice made by phone or letter",
                                 r"^Record a Choice Made by Phone or Letter$"),
                                ("Forget this device", r"^Forget This Device\?$")):
            plrui.wait_for_node(window, button, role="push button",
                                name=button).doActionNamed("click")
            dialog = plrui.wait_for_node(app, f"the dialog of {button!r}", role="dialog",
                                         pattern=pattern)
            problems += audit(dialog, f"dialog {dialog.name!r}")
            plrui.point_at(dialog)
            plrui.key("Escape")
            plrui.wait_for(lambda: plrui.find_one(app, role="dialog", pattern=pattern) is None,
                           f"the dialog of {button!r} to close")

        # Preferences (Ctrl+,).
        plrui.point_at(window)
        plrui.key("<Control>comma")
        preferences = plrui.wait_for(lambda: plrui.frame(app, r"^Preferences$"),
                                     "the Preferences window")
        plrui.wait_for_node(preferences, "the service address", name="Service address")
        problems += audit(preferences, "preferences")
        plrui.point_at(preferences)
        plrui.key("<Control>w")
        plrui.wait_for(lambda: plrui.frame(app, r"^Preferences$") is None,
                       "Preferences to close")

        # The request for a copy, from the main menu (F10).
        plrui.point_at(window)
        plrui.key("F10")
        item = plrui.wait_for_node(app, "the menu item", pattern=r"^Request a Copy")
        item.doActionNamed("click")
        request = plrui.wait_for(lambda: plrui.frame(app, r"^Request a Copy"),
                                 "the request window")
        plrui.wait_for_node(request, "the request form", name="Full name")
        problems += audit(request, "request a copy")
        plrui.point_at(request)
        plrui.key("Escape")
        plrui.wait_for(lambda: plrui.frame(app, r"^Request a Copy") is None,
                       "the request window to close")

        # The view builder (Ctrl+N): every preset, entry and field check box.
        plrui.point_at(window)
        plrui.key("<Control>n")
        builder = plrui.wait_for(lambda: plrui.frame(app, r"^New View"), "the view builder")
        plrui.wait_for_node(builder, "the presets", role="check box", name="Job application")
        problems += audit(builder, "view builder")

        # The share dialog, then a share to fill the Shares page.
        recipient = plrui.wait_for_node(builder, "the recipient field", role="text",
                                        pattern=r"^Recipient")
        plrui.click(recipient)
        plrui.type_text("Audit Ltd")
        plrui.wait_for(lambda: active_button(builder, r"^Share by Code"),
                       "the Share by Code button").doActionNamed("click")
        dialog = plrui.wait_for_node(app, "the share dialog", role="dialog",
                                     pattern=r"^Share by Code$")
        problems += audit(dialog, "share dialog")
        plrui.wait_for(lambda: active_button(dialog, r"^_?Share( Share)?$"),
                       "the Share button").doActionNamed("click")
        plrui.wait_for(lambda: plrui.find_one(app, role="dialog", pattern=r"^Share by Code$")
                       is None, "the share dialog to close")
        plrui.point_at(builder)
        plrui.key("<Control>w")
        plrui.wait_for(lambda: plrui.frame(app, r"^New View") is None,
                       "the view builder to close")

        # The Shares page with a saved view and an active share, and the
        # revoke dialog.
        plrui.point_at(window)
        plrui.key("<Alt>3")
        plrui.wait_for_node(window, "the share code", role="label", pattern=r"^Share code ",
                            timeout=30)
        problems += audit(window, "shares page")
        plrui.wait_for(lambda: active_button(window, r"^Revoke"),
                       "the Revoke button").doActionNamed("click")
        dialog = plrui.wait_for_node(app, "the revoke dialog", role="dialog",
                                     pattern=r"^Revoke the Share\?$")
        problems += audit(dialog, "revoke dialog")
        plrui.point_at(dialog)
        plrui.key("Escape")
        plrui.wait_for(lambda: plrui.find_one(app, role="dialog", pattern=r"^Revoke the Share")
                       is None, "the revoke dialog to close")

        # Keyboard shortcuts, from the main menu.
        plrui.point_at(window)
        plrui.key("F10")
        item = plrui.wait_for_node(app, "the menu item", pattern=r"^Keyboard Shortcuts")
        item.doActionNamed("click")
        shortcuts = plrui.wait_for(lambda: plrui.frame(app, r"Shortcuts"),
                                   "the shortcuts window")
        problems += audit(shortcuts, "keyboard shortcuts")
    finally:
        plrui.stop(process)

    if problems:
        fail("controls without an accessible name:\n  " + "\n  ".join(problems))


plrui.run(main)

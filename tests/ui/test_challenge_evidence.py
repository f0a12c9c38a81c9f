#!/usr/bin/python3
# Evidence for a data challenge, through GTK's own file chooser: a text
# file named .pdf is refused with a message naming it; a real PNG is added
# and listed with a button to remove it, which removes it.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import struct
import zlib

import plrui
from plrui import fail, log

COUNT = r"^(\d+) achievements?$"
TITLE = r"^Challenge This Entry$"


def write_png(path):
    """A real 1x1 PNG."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels)
                + chunk(b"IEND", b""))


def chooser_window(app):
    # GTK 4.8 gives its file chooser dialog the role "filler".
    for child in app.children:
        if child.name == "Add Evidence":
            return child
    return None


def choose_file(app, dialog, path):
    plrui.wait_for_node(dialog, "the Add Evidence button", role="push button",
                        pattern=r"Add File").doActionNamed("click")
    chooser = plrui.wait_for(lambda: chooser_window(app), "the file chooser")
    plrui.point_at(chooser)
    plrui.key("<Control>l")
    plrui.key("<Control>a")
    plrui.type_text(path)
    # The chooser may open on Recent, where Enter does not accept: its button does.
    plrui.wait_for_node(chooser, "the chooser's Add button", role="push button",
                        pattern=r"^_?Add\b").doActionNamed("click")
    plrui.wait_for(lambda: chooser_window(app) is None, "the file chooser to close")


def main():
    scratch = os.environ.get("PLR_TEST_SCRATCH", "/tmp")
    fake = os.path.join(scratch, "fake.pdf")
    with open(fake, "w", encoding="utf-8") as f:
        f.write("not a PDF at all\n")
    slip = os.path.join(scratch, "slip.png")
    write_png(slip)

    # GTK's own chooser rather than a portal's, which this session lacks.
    process = plrui.start_app("--demo", env={"GTK_USE_PORTAL": "0"})
    try:
        app = plrui.find_app(process)
        window = plrui.frame(app)
        plrui.wait_for_node(window, "the achievements", role="label", pattern=COUNT)
        plrui.point_at(window)
        plrui.key("<Control>f")
        plrui.key("Return")
        plrui.key("Return")
        plrui.wait_for_node(window, "the challenge button", role="push button",
                            pattern=r"^Challenge this entry…").doActionNamed("click")
        dialog = plrui.wait_for(lambda: plrui.frame(app, TITLE), "the challenge dialog")

        choose_file(app, dialog, fake)
        refused = plrui.wait_for_node(dialog, "the message about the wrong file", role="label",
                                      pattern=r"fake\.pdf.* is not a PDF")
        log(f"refused: {refused.name!r}")

        choose_file(app, dialog, slip)
        plrui.wait_for_node(dialog, "the file in the list", role="label", name="slip.png")
        remove = plrui.wait_for_node(dialog, "the file's remove button", role="push button",
                                     name="Remove slip.png")
        if plrui.find_one(dialog, role="label", name="fake.pdf") is not None:
            fail("the refused file is listed")

        remove.doActionNamed("click")
        plrui.wait_for(lambda: plrui.find_one(dialog, role="label", name="slip.png") is None,
                       "the file to be removed")
        plrui.wait_for_node(dialog, "the empty list", role="label", name="No files added")
        log("refused the fake PDF, added and removed the PNG")
    finally:
        plrui.stop(process)


plrui.run(main)

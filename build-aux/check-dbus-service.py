#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The D-Bus service file activates the app the desktop file names:
a [D-BUS Service] group with Name = the app ID (the desktop file's name)
and Exec = an absolute path to learning-record --gapplication-service;
and the desktop file says DBusActivatable=true.

Usage: check-dbus-service.py SERVICE-FILE DESKTOP-FILE APP-ID
"""
import configparser
import os
import shlex
import sys


def main(service_path, desktop_path, app_id):
    problems = []
    service = configparser.ConfigParser(interpolation=None, strict=True)
    service.optionxform = str
    service.read(service_path, encoding="utf-8")
    if service.sections() != ["D-BUS Service"]:
        problems.append(f"{service_path}: groups {service.sections()}, expected only [D-BUS Service]")
    else:
        group = service["D-BUS Service"]
        if group.get("Name") != app_id:
            problems.append(f"{service_path}: Name={group.get('Name')}, expected {app_id}")
        if os.path.basename(service_path) != app_id + ".service":
            problems.append(f"{service_path}: the file must be named {app_id}.service")
        argv = shlex.split(group.get("Exec", ""))
        if len(argv) != 2 or not os.path.isabs(argv[0]) or \
           os.path.basename(argv[0]) != "learning-record" or argv[1] != "--gapplication-service":
            problems.append(f"{service_path}: Exec={group.get('Exec')}, expected "
                            "/ABSOLUTE/PATH/learning-record --gapplication-service")

    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str
    desktop.read(desktop_path, encoding="utf-8")
    entry = desktop["Desktop Entry"]
    if entry.get("DBusActivatable") != "true":
        problems.append(f"{desktop_path}: DBusActivatable is not true")
    if entry.get("X-GNOME-UsesNotifications") != "true":
        problems.append(f"{desktop_path}: X-GNOME-UsesNotifications is not true")
    if os.path.basename(desktop_path) != app_id + ".desktop":
        problems.append(f"{desktop_path}: a D-Bus activatable desktop file must be named {app_id}.desktop")

    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print("the D-Bus service file and the desktop file agree")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The project's version lives in meson.build only; NEWS and the metainfo
must each have an entry for it, at the top, with the same date.

Usage: check-release.py VERSION NEWS METAINFO.xml.in
"""
import re
import sys
import xml.etree.ElementTree as ET


def main(version, news_path, metainfo_path):
    problems = []

    with open(news_path, encoding="utf-8") as news:
        text = news.read()
    heading = re.search(r"^Learning Record (\S+)\n=+\nReleased: (\S+)", text, re.M)
    if heading is None:
        problems.append(f"{news_path}: no 'Learning Record VERSION' heading with 'Released: DATE'")
        news_version = news_date = None
    else:
        news_version, news_date = heading.group(1), heading.group(2)
        if news_version != version:
            problems.append(f"{news_path}: the newest entry is {news_version}, meson.build says {version}")

    releases = ET.parse(metainfo_path).getroot().findall("./releases/release")
    if not releases:
        problems.append(f"{metainfo_path}: no <release> entries")
    else:
        newest = releases[0]
        if newest.get("version") != version:
            problems.append(f"{metainfo_path}: the newest release is {newest.get('version')}, "
                            f"meson.build says {version}")
        if news_date is not None and newest.get("date") != news_date:
            problems.append(f"{metainfo_path}: release {version} is dated {newest.get('date')}, "
                            f"NEWS says {news_date}")
        if newest.find("description") is None:
            problems.append(f"{metainfo_path}: release {version} has no description")
        versions = [r.get("version") for r in releases]
        if len(set(versions)) != len(versions):
            problems.append(f"{metainfo_path}: a release is listed twice: {versions}")

    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"release {version}: meson.build, NEWS and the metainfo agree")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))

#!/usr/bin/env python3
# test-recipient-page.py
#
# Copyright 2026 Learning Record developers
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The recipient's page in a real browser: share-server runs the reference
# service on 127.0.0.1 with a share made through the real client, the
# outbox and PlrSync, and a second share that was revoked. Headless
# Chromium loads each page; the test checks the text it rendered (who it
# was prepared for, the purpose, the entries, the as-of date, the share's
# expiry worded apart from any qualification's, and nothing the learner did
# not choose), the revoked notice, and saves screenshots.
#
# Usage: test-recipient-page.py SHARE-SERVER OUTPUT-DIR
# Exits 77 (skipped) only when no Chromium is installed.

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
                  '--disable-background-networking']

failures = []


def check(condition, message):
    if condition:
        print(f'ok - {message}')
    else:
        print(f'not ok - {message}')
        failures.append(message)


def find_chromium():
    for name in ('chromium', 'chromium-browser'):
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium(binary, profile, *args):
    cmd = [binary, *CHROMIUM_FLAGS, f'--user-data-dir={profile}', *args]
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120,
                            text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stderr[-2000:])
    return result


def page_text(dom):
    # The text a reader gets: no tags, entities decoded, spaces folded.
    body = re.sub(r'<style.*?</style>', ' ', dom, flags=re.S)
    text = re.sub(r'<[^>]+>', ' ', body)
    return re.sub(r'\s+', ' ', html.unescape(text))


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def main():
    if len(sys.argv) != 3:
        sys.stderr.write('Usage: test-recipient-page.py SHARE-SERVER OUTPUT-DIR\n')
        return 2
    server_binary, output_dir = sys.argv[1], sys.argv[2]

    binary = find_chromium()
    if binary is None:
        print('1..0 # SKIP chromium is not installed')
        return 77

    os.makedirs(output_dir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix='test-recipient-page-') as tmp:
        env = dict(os.environ, XDG_DATA_HOME=os.path.join(tmp, 'data'),
                   XDG_CONFIG_HOME=os.path.join(tmp, 'config'),
                   XDG_CACHE_HOME=os.path.join(tmp, 'cache'), HOME=tmp)
        server = subprocess.Popen([server_binary, os.path.join(tmp, 'server')],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                  env=env)
        try:
            expect, absent, urls = [], [], {}
            for line in server.stdout:
                line = line.rstrip('\n')
                if line == 'READY':
                    break
                key, _, value = line.partition(' ')
                if key in ('ACTIVE', 'REVOKED'):
                    urls[key] = value
                elif key == 'EXPECT':
                    expect.append(value)
                elif key == 'ABSENT':
                    absent.append(value)
            check('ACTIVE' in urls and 'REVOKED' in urls, 'share-server made two shares')
            if failures:
                return 1
            for url in urls.values():
                check(re.match(r'^http://127\.0\.0\.1:\d+/s/', url) is not None,
                      f'the page is served on loopback ({url})')

            profile = os.path.join(tmp, 'profile')

            # The active share.
            check(status_of(urls['ACTIVE']) == 200, 'the active share answers 200')
            result = chromium(binary, profile, '--dump-dom', urls['ACTIVE'])
            check(result.returncode == 0, 'chromium rendered the active share')
            dom = result.stdout
            text = page_text(dom)
            check('<script' not in dom.lower(), 'the page runs no scripts')
            check(re.search(r'<(link|img|iframe|object)\b', dom, re.I) is None,
                  'the page loads nothing from elsewhere')
            check('<main' in dom and '<table' in dom and '<caption' in dom and
                  'scope="col"' in dom, 'the page has a main landmark and a captioned table')
            check('Prepared for Acme Engineering Ltd' in text, 'it names the recipient')
            check('Purpose Job application: trainee engineer' in text, 'it names the purpose')
            check(re.search(r'Record as of \d{1,2} \w+ \d{4}', text) is not None,
                  'it gives the as-of date')
            check(re.search(r'This share link works until \d{1,2} \w+ \d{4} at \d\d:\d\d UTC',
                            text) is not None, 'it gives the share expiry')
            check('not an expiry date of any qualification' in text,
                  'the expiry is worded apart from the qualifications')
            check('4 learning events' in text, 'it shows the four chosen entries')
            for value in expect:
                check(value in text, f'it shows a chosen value ({len(value)} characters)')
            for value in absent:
                check(value not in text and value not in dom,
                      f'it hides a value not chosen ({len(value)} characters)')

            shot = os.path.join(output_dir, 'recipient-page.png')
            if os.path.exists(shot):
                os.unlink(shot)
            result = chromium(binary, profile, f'--screenshot={shot}',
                              '--window-size=1024,1300', '--hide-scrollbars', urls['ACTIVE'])
            with open(shot, 'rb') if os.path.exists(shot) else open(os.devnull, 'rb') as f:
                data = f.read()
            check(data.startswith(b'\x89PNG') and len(data) > 20000,
                  f'a screenshot of the page was saved ({len(data)} bytes)')

            # Printed: the page's own print style, on A4, with all its text.
            pdf = os.path.join(output_dir, 'recipient-page.pdf')
            if os.path.exists(pdf):
                os.unlink(pdf)
            chromium(binary, profile, f'--print-to-pdf={pdf}', '--no-pdf-header-footer',
                     urls['ACTIVE'])
            check(os.path.exists(pdf) and open(pdf, 'rb').read(5) == b'%PDF-',
                  'the page prints to PDF')
            pdftotext = shutil.which('pdftotext')
            if pdftotext and os.path.exists(pdf):
                printed = subprocess.run([pdftotext, '-enc', 'UTF-8', pdf, '-'],
                                         stdout=subprocess.PIPE, text=True).stdout
                printed = re.sub(r'\s+', ' ', printed)
                check('Acme Engineering Ltd' in printed and
                      'not an expiry date of any qualification' in printed,
                      'the printed page names the recipient and words the expiry')
                for value in absent:
                    check(value not in printed, 'the printed page hides a value not chosen')

            # The revoked share.
            check(status_of(urls['REVOKED']) == 410, 'the revoked share answers 410')
            result = chromium(binary, profile, '--dump-dom', urls['REVOKED'])
            check(result.returncode == 0, 'chromium rendered the revoked notice')
            text = page_text(result.stdout)
            check('This share was withdrawn' in text, 'it says the share was withdrawn')
            check('ask the learner for a new share code' in text, 'it says what to do next')
            check('Withdrawn Recipient' not in text, 'it does not name the recipient')
            for value in expect[2:]:
                check(value not in text, 'it shows nothing of the record')
            shot = os.path.join(output_dir, 'recipient-page-revoked.png')
            chromium(binary, profile, f'--screenshot={shot}', '--window-size=1024,700',
                     '--hide-scrollbars', urls['REVOKED'])
            check(os.path.exists(shot), 'a screenshot of the notice was saved')
        finally:
            server.stdin.close()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.terminate()
                server.wait()
        check(server.returncode == 0, 'share-server ended cleanly')

    print(f'# {len(failures)} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())

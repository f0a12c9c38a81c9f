# Helpers for the UI tests: start the app, find things in its accessibility
# tree with a deadline, type and press keys. Only the accessibility tree is
# read: what a screen reader would.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import signal
import subprocess
import sys
import time
import traceback

from dogtail.config import config

config.searchShowingOnly = False   # GTK 4.8 reports "showing" unreliably
config.defaultDelay = 0.1
config.actionDelay = 0.1
config.typingDelay = 0.02
config.logDebugToFile = False
config.logDebugToStdOut = False

from dogtail import rawinput  # noqa: E402
from dogtail.tree import root  # noqa: E402

APP_NAME = "learning-record"

# Every wait is this many times longer: the app built with the sanitizers
# (build-aux/e2e-leak-check.sh) starts and runs several times slower.
TIMEOUT_SCALE = float(os.environ.get("PLRUI_TIMEOUT_SCALE", "1"))


class Failure(Exception):
    pass


def log(message):
    print(message, flush=True)


def fail(message):
    raise Failure(message)


def app_env(extra=None):
    env = dict(os.environ)
    env["GSETTINGS_BACKEND"] = "memory"
    env.update(extra or {})
    return env


def start_app(*args, env=None):
    app = os.environ["APP"]
    log(f"starting {os.path.basename(app)} {' '.join(args)}")
    return subprocess.Popen([app, *args], env=app_env(env))


def stop(process, timeout=10):
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout * TIMEOUT_SCALE)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_for(predicate, what, timeout=20.0, interval=0.2):
    """Polls predicate until it returns something true; fails with what."""
    timeout *= TIMEOUT_SCALE
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = predicate()
            if result:
                return result
        except Exception as error:  # the tree changes under us
            last_error = error
        time.sleep(interval)
    detail = f" (last error: {last_error})" if last_error else ""
    fail(f"timed out after {timeout:.0f} s waiting for {what}{detail}")


def find_app(process, timeout=20.0):
    def find():
        if process.poll() is not None:
            fail(f"the app exited with status {process.returncode} before its window appeared")
        for child in root.children:
            if child.name == APP_NAME:
                frames = [c for c in child.children if c.roleName == "frame"]
                if frames:
                    return child
        return None
    return wait_for(find, "the app's window in the accessibility tree", timeout)


def walk(node, max_depth=60):
    """Yields every node below node, depth first."""
    stack = [(node, 0)]
    while stack:
        current, depth = stack.pop()
        yield current
        if depth >= max_depth:
            continue
        try:
            children = list(current.children)
        except Exception:
            continue
        for child in reversed(children):
            if child is not None:
                stack.append((child, depth + 1))


def find_all(node, role=None, name=None, pattern=None):
    found = []
    for n in walk(node):
        try:
            if role is not None and n.roleName != role:
                continue
            if name is not None and n.name != name:
                continue
            if pattern is not None and not re.search(pattern, n.name or ""):
                continue
        except Exception:
            continue
        found.append(n)
    return found


def find_one(node, role=None, name=None, pattern=None):
    found = find_all(node, role, name, pattern)
    return found[0] if found else None


def wait_for_node(node, what, role=None, name=None, pattern=None, timeout=20.0):
    return wait_for(lambda: find_one(node, role, name, pattern), what, timeout)


def frame(app, pattern=None):
    frames = [c for c in app.children if c.roleName in ("frame", "dialog", "window")]
    if pattern is None:
        return frames[0] if frames else None
    for f in frames:
        if re.search(pattern, f.name or ""):
            return f
    return None


def point_at(node):
    """Moves the pointer over node: with no window manager the keyboard
    focus follows the pointer to the window under it."""
    x, y = node.position
    w, h = node.size
    rawinput.absoluteMotion(int(x + w / 2), int(y + h / 2))
    time.sleep(0.1)


def key(combo):
    rawinput.keyCombo(combo)
    time.sleep(0.1)


def type_text(text):
    rawinput.typeText(text)


def click(node):
    node.click()
    time.sleep(0.1)


def label_texts(node):
    return [n.name for n in find_all(node, role="label") if n.name]


def run(main):
    """Runs main() and turns the outcome into an exit status."""
    start = time.monotonic()
    try:
        main()
    except Failure as error:
        log(f"FAIL: {error}")
        sys.exit(1)
    except Exception:
        traceback.print_exc(file=sys.stdout)
        log("FAIL: the test itself broke")
        sys.exit(1)
    log(f"PASS in {time.monotonic() - start:.1f} s")
    sys.exit(0)

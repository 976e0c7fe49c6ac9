#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a screen reader is told about MP Workbench: the accessible tree of its window, from AT-SPI, and the
inputs in it that have no name (a screen reader would say only "text" or "spin button").

Not part of ctest: it needs an X server, a D-Bus session and the AT-SPI bus. On Debian 12, as root:

    apt-get install python3-pyatspi at-spi2-core xvfb

then, from the repository with a built app (build/bin/mpwb):

    dbus-run-session -- sh -c '
        /usr/libexec/at-spi-bus-launcher --launch-immediately & sleep 1
        Xvfb :77 -screen 0 1280x720x24 & sleep 1
        DISPLAY=:77 /usr/bin/python3 tests/a11y/atspi_tree.py \
            --launch "build/bin/mpwb --size 1280x720 --open mpwb:exercise/sum-squares"'

--launch starts the app with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 (Qt joins the AT-SPI bus only when asked or
when a screen reader runs), waits for its window on the bus, prints the tree, then closes it. Without
--launch it looks for an app already running with that name (--app, default "MP Workbench"). The exit status is 1
when an input has no name. Use a throw-away XDG_CONFIG_HOME if the app should not remember the page.

Uses the standard library and pyatspi (python3-pyatspi, for the system's /usr/bin/python3) only.
"""

import argparse
import os
import shlex
import subprocess
import sys
import time

import pyatspi

# Roles a student acts on: each needs a name that says what it is for.
INPUT_ROLES = {
    pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_COMBO_BOX,
    pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_PASSWORD_TEXT,
    pyatspi.ROLE_PUSH_BUTTON,
    pyatspi.ROLE_RADIO_BUTTON,
    pyatspi.ROLE_SLIDER,
    pyatspi.ROLE_SPIN_BUTTON,
    pyatspi.ROLE_TEXT,
    pyatspi.ROLE_TOGGLE_BUTTON,
    pyatspi.ROLE_PAGE_TAB,
    pyatspi.ROLE_TREE,
    pyatspi.ROLE_TREE_TABLE,
    pyatspi.ROLE_LIST,
    pyatspi.ROLE_TABLE,
}


def find_app(name, timeout):
    """The application on the AT-SPI bus called name, waiting up to timeout seconds for it to appear."""
    deadline = time.monotonic() + timeout
    while True:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and app.name == name and app.childCount > 0:
                return app
        if time.monotonic() > deadline:
            names = [desktop.getChildAtIndex(i).name for i in range(desktop.childCount)]
            print(f"applications on the bus: {names}", file=sys.stderr)
            return None
        time.sleep(0.5)


def states_of(node):
    wanted = {
        pyatspi.STATE_FOCUSED: "focused",
        pyatspi.STATE_CHECKED: "checked",
        pyatspi.STATE_SELECTED: "selected",
        pyatspi.STATE_FOCUSABLE: "focusable",
    }
    try:
        states = node.getState()
    except Exception:  # a node that went away while we walked
        return []
    out = [word for state, word in wanted.items() if states.contains(state)]
    if not states.contains(pyatspi.STATE_ENABLED):
        out.append("disabled")
    return out


def showing(node):
    try:
        return node.getState().contains(pyatspi.STATE_SHOWING)
    except Exception:
        return False


def walk(node, depth, out, unnamed, path, args):
    """Prints node and its children, indented; notes inputs without a name."""
    if node is None or depth > args.max_depth:
        return
    try:
        role = node.getRoleName()
        name = node.name or ""
        description = node.description or ""
        role_id = node.getRole()
    except Exception:
        return
    if args.showing_only and depth > 1 and not showing(node):
        return
    here = path + [f"{role}:{name}" if name else role]
    line = "  " * depth + f"[{role}]"
    if name:
        line += f' "{name}"'
    if description:
        short = description if len(description) <= args.width else description[: args.width - 1] + "…"
        line += f"  — {short}"
    states = states_of(node)
    if states:
        line += f"  ({', '.join(states)})"
    out.append(line)
    if role_id in INPUT_ROLES and not name.strip():
        unnamed.append(" > ".join(here[-4:]))
    # Rows of a big tree or table add little: a few show how its items are named.
    count = node.childCount
    limit = args.max_children if role_id in (pyatspi.ROLE_TREE, pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_TABLE,
                                              pyatspi.ROLE_LIST) else count
    for i in range(min(count, limit)):
        walk(node.getChildAtIndex(i), depth + 1, out, unnamed, here, args)
    if count > limit:
        out.append("  " * (depth + 1) + f"… {count - limit} more")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--launch", help="command line that starts the app (it is closed afterwards)")
    parser.add_argument("--app", default="MP Workbench", help="the application's name on the bus")
    parser.add_argument("--wait", type=float, default=30, help="seconds to wait for the app (default 30)")
    parser.add_argument("--settle", type=float, default=3, help="seconds to let the page lay out (default 3)")
    parser.add_argument("--max-depth", type=int, default=40)
    parser.add_argument("--max-children", type=int, default=60, help="rows listed per tree, list or table")
    parser.add_argument("--width", type=int, default=160, help="longest description printed")
    parser.add_argument("--showing-only", action="store_true", help="skip what is not on screen (hidden tabs)")
    args = parser.parse_args()

    child = None
    if args.launch:
        env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_QPA_PLATFORM="xcb")
        child = subprocess.Popen(shlex.split(args.launch), env=env)
    try:
        app = find_app(args.app, args.wait)
        if app is None:
            print(f"no application called {args.app!r} on the AT-SPI bus (is QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 "
                  "set, and the AT-SPI bus running?)", file=sys.stderr)
            return 2
        time.sleep(args.settle)
        out, unnamed = [], []
        walk(app, 0, out, unnamed, [], args)
        print("\n".join(out))
        print()
        if unnamed:
            print(f"{len(unnamed)} input(s) without a name:")
            for where in unnamed:
                print("  " + where)
            return 1
        print("Every input has a name.")
        return 0
    finally:
        if child is not None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


if __name__ == "__main__":
    sys.exit(main())

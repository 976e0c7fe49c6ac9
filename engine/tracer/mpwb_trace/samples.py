# SPDX-License-Identifier: GPL-3.0-or-later
"""Sampled totals (queues, counters, locks): sent at most every 100 ms, only when they changed, and at exit.

No thread samples them: the process that changes a total sends it, when its last send is 100 ms old. A
thread of ours would show in threading.enumerate() and, from 3.12 on, make a later fork warn.
"""
import time

from . import facts

PERIOD_NS = 100_000_000

_all = []  # every Tally of this process, for the flush at exit and the reset after fork


class Tally:
    """This process's totals of one shared object; `fields()` gives the fact's fields."""

    kind = ""

    def __init__(self):
        self.changed = False
        self.last = 0
        _all.append(self)

    def touch(self):
        """Call after changing a total: sends when the last send is old enough."""
        self.changed = True
        t = time.monotonic_ns()
        if t - self.last >= PERIOD_NS:
            self.flush(t)

    def flush(self, t=None):
        if not self.changed:
            return
        self.changed = False
        self.last = time.monotonic_ns() if t is None else t
        try:
            fields = self.fields()
        except Exception:
            return
        facts.send(self.kind, t=self.last, **fields)

    def fields(self):
        return {}

    def reset(self):
        """A forked child starts its own totals."""
        self.changed = False
        self.last = 0


def flush_all():
    for tally in list(_all):
        tally.flush()


def after_fork():
    for tally in _all:
        tally.reset()

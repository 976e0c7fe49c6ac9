# SPDX-License-Identifier: GPL-3.0-or-later
"""The sender: one fact, one JSON object, one datagram to the runner's socket ($MPWB_TRACE_SOCKET).

A forked child keeps using its parent's connected socket (a datagram is sent whole, so processes cannot
interleave); a spawned one connects again from the environment. When the runner is gone every later send is
skipped, so the script runs on as if it were not traced.
"""
import json
import os
import socket
import time

# A datagram of the runner's socket holds 64 KiB; the contract promises at most 60.
LIMIT = 60 * 1024
# How long one send may wait for room in the runner's receive queue before the fact is dropped.
SEND_WAIT_S = 0.5

_sock = None
_pid = 0
_quiet = True
_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, default=repr).encode
dropped = 0


def open_socket(path):
    """Connects to the runner's socket; False (and quiet) when it cannot."""
    global _sock, _pid, _quiet
    _pid = os.getpid()
    try:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.settimeout(SEND_WAIT_S)
        sock.connect(path)
    except OSError:
        _quiet = True
        return False
    _sock = sock
    _quiet = False
    return True


def after_fork():
    """In a forked child: the same socket, a new sender pid."""
    global _pid
    _pid = os.getpid()


def active():
    return not _quiet


def pid():
    return _pid


def now():
    return time.monotonic_ns()


def send(kind, t=None, **fields):
    """Sends one fact; never raises. `t` defaults to now."""
    global _quiet, dropped
    if _quiet:
        return
    fact = {"k": kind, "pid": _pid, "t": time.monotonic_ns() if t is None else t}
    fact.update(fields)
    try:
        data = _encode(fact).encode("utf-8", "replace")
        if len(data) > LIMIT:
            data = _cut(fact)
        _sock.send(data)
    except (BlockingIOError, TimeoutError, InterruptedError):
        dropped += 1  # the runner is behind: losing a fact beats stalling the script
    except (OSError, ValueError, TypeError):
        # The runner ended (ECONNREFUSED, ENOENT) or the fact could not be made: stop sending for good.
        _quiet = True


def _cut(fact):
    """The fact with its longest texts shortened until it fits, marked `cut`."""
    fact["cut"] = True
    texts = sorted((k for k, v in fact.items() if isinstance(v, str)), key=lambda k: -len(fact[k]))
    for key in texts:
        data = _encode(fact).encode("utf-8", "replace")
        excess = len(data) - LIMIT
        if excess <= 0:
            return data
        text = fact[key]
        keep = max(0, len(text) - excess - 64)
        fact[key] = text[:keep] + " [cut]"
    return _encode(fact).encode("utf-8", "replace")[:LIMIT]

# SPDX-License-Identifier: GPL-3.0-or-later
"""The sender: one fact, one JSON object, one datagram to the runner's socket ($MPWB_TRACE_SOCKET).

A forked child keeps using its parent's connected socket (a datagram is sent whole, so processes cannot
interleave); a spawned one connects again from the environment. When the runner is gone every later send is
skipped, so the script runs on as if it were not traced. Every traced process pays for what this module
imports, so it writes its flat JSON itself and uses _socket: `json` and `socket` pull in re and enum.
"""
import _socket
import _struct
import os
import time

# A datagram of the runner's socket holds 64 KiB; the contract promises at most 60.
LIMIT = 60 * 1024
# How long one send may wait for room in the runner's receive queue before the fact is dropped.
SEND_WAIT_S = 0.5

_sock = None
_pid = 0
_quiet = True
dropped = 0

_ESCAPES = {code: "\\u%04x" % code for code in range(32)}
_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n", ord("\t"): "\\t", ord("\r"): "\\r"})


def _text(value):
    return '"' + value.translate(_ESCAPES) + '"'


def _json(value):
    kind = type(value)
    if kind is str:
        return _text(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if kind is int:
        return str(value)
    if kind is float:
        return repr(value) if value == value and abs(value) != float("inf") else "null"
    return _text(repr(value))


_keys = {}  # a key's JSON text with its colon: a fact's keys come from a handful of names


def encode(fact):
    """A flat dict of texts, numbers, flags and None as one JSON object, in UTF-8.

    Every chunk costs two of these, in processes that are busy computing: the common kinds (int, str) are
    written inline rather than through _json, which roughly halves the time.
    """
    parts = []
    for key, value in fact.items():
        name = _keys.get(key)
        if name is None:
            name = _keys[key] = _text(key) + ":"
        kind = type(value)
        if kind is int:
            parts.append(name + str(value))
        elif kind is str:
            parts.append(name + '"' + value.translate(_ESCAPES) + '"')
        else:
            parts.append(name + _json(value))
    return ("{" + ",".join(parts) + "}").encode("utf-8", "replace")


def open_socket(path):
    """Connects to the runner's socket; False (and quiet) when it cannot."""
    global _sock, _pid, _quiet
    _pid = os.getpid()
    try:
        sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_DGRAM)
        # The kernel's own send timeout, not settimeout(): with that, Python polls before every send, and
        # each chunk's facts go out from processes busy computing. After the wait, send raises EAGAIN.
        wait_us = int(SEND_WAIT_S * 1_000_000)
        try:
            sock.setsockopt(_socket.SOL_SOCKET, _socket.SO_SNDTIMEO,
                            _struct.pack("@ll", wait_us // 1_000_000, wait_us % 1_000_000))
        except OSError:  # a struct timeval of another shape (32-bit builds): Python's own timeout then
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
        data = encode(fact)
        if len(data) > LIMIT:
            data = _cut(fact)
        _sock.send(data)
    except (BlockingIOError, TimeoutError, InterruptedError):
        dropped += 1  # the runner is behind: losing a fact beats stalling the script
    except Exception:
        # The runner ended (ECONNREFUSED, ENOENT) or the fact could not be made: stop sending for good.
        _quiet = True


def _cut(fact):
    """The fact with its longest texts shortened until it fits, marked `cut`."""
    fact["cut"] = True
    for key in sorted((k for k, v in fact.items() if type(v) is str), key=lambda k: -len(fact[k])):
        excess = len(encode(fact)) - LIMIT
        if excess <= 0:
            break
        raw = fact[key].encode("utf-8", "replace")
        # Cut in bytes, at a character's boundary; escapes may still be over: the loop below checks.
        fact[key] = raw[: max(0, len(raw) - excess - 64)].decode("utf-8", "ignore") + " [cut]"
    data = encode(fact)
    while len(data) > LIMIT:
        longest = max((k for k, v in fact.items() if type(v) is str), key=lambda k: len(fact[k]))
        fact[longest] = fact[longest][: len(fact[longest]) // 2] + " [cut]"
        data = encode(fact)
    return data

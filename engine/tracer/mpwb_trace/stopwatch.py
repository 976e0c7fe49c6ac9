# SPDX-License-Identifier: GPL-3.0-or-later
"""Times a call into the script's world (pickling a chunk, a queue's get) holding no object of ours across it.

The call allocates: an unpickled chunk's numbers, then the worker's loop over them. A start time kept as a
Python int for the length of the call is one more small object among theirs in pymalloc's pools, freed as
the call returns, and the hole it leaves can put a pool one block short of what the loop makes and frees on
every step: the loop then fills that pool and takes the next one, step after step. Exercise 1's workers
(N = 2,000,000, chunksize 100, under cachegrind) switched pools 0.83 million times untraced, 1.94 million
with only the pickler's timing in place, 0.01 million once its start time was kept here instead. The start
goes into a per-thread buffer made once, and the int that carried it is freed before the call begins.
"""
import _struct
import _thread
import time

_KEPT = 16  # nested timings a thread keeps; deeper ones (a pickler that pickles) read as taking no time
_slot = _struct.Struct("<q")
_write, _read = _slot.pack_into, _slot.unpack_from
_clock = time.monotonic_ns
_threads = _thread._local()


def _marks():
    threads = _threads
    try:
        return threads.marks
    except AttributeError:
        threads.marks = marks = bytearray(_slot.size * _KEPT)
        threads.depth = 0
        return marks


def start():
    """Marks now; every start() is followed by one stop() in the same thread (use try/finally)."""
    marks = _marks()
    depth = _threads.depth
    if depth < _KEPT:
        _write(marks, depth * _slot.size, _clock())
    _threads.depth = depth + 1


def stop():
    """(start, now) in monotonic nanoseconds for the innermost start() of this thread, which it ends."""
    now = _clock()
    depth = _threads.depth - 1
    _threads.depth = depth
    if depth >= _KEPT:
        return now, now
    return _read(_threads.marks, depth * _slot.size)[0], now


_marks()  # the importing thread's buffer is made now, not among the first chunk's objects

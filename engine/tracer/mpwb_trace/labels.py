# SPDX-License-Identifier: GPL-3.0-or-later
"""Names for the shared objects a script makes: where it made them, such as `pipeline.py:67`.

The same name must reach every process that uses the object. A forked child has the parent's object; a
spawned one rebuilds it from its pickled state, so the name travels in that state as a marked extra item.
"""
import os
import sys

_STDLIB = os.path.dirname(os.__file__) + os.sep
_HERE = os.path.dirname(__file__) + os.sep
_MULTIPROCESSING = os.path.join(_STDLIB, "multiprocessing") + os.sep
MARK = "mpwb-label"
_made = {}  # file:line -> how many objects of the kinds we name were made there


def made_at(through):
    """file:line of the script's code that made the object, or None when the standard library made it for
    itself (a queue's own locks, an executor's or a pool's own queues). `through`: the multiprocessing files
    (base names) a script's call passes through on the way to making it."""
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_HERE):
        frame = frame.f_back
    while frame is not None:
        filename = frame.f_code.co_filename
        if not (filename.startswith(_MULTIPROCESSING) and os.path.basename(filename) in through):
            break
        frame = frame.f_back
    if frame is None or frame.f_code.co_filename.startswith(_STDLIB):
        return None
    place = "%s:%d" % (os.path.basename(frame.f_code.co_filename), frame.f_lineno)
    # Several objects made on one line (or by one line run again) are told apart by their order.
    made = _made.get(place, 0) + 1
    _made[place] = made
    return place if made == 1 else "%s #%d" % (place, made)


def carry_in_state(cls, adopt, before):
    """Makes the pickled state of cls's objects carry the name of their tally (`obj._mpwb.label`), and the
    process that rebuilds one call adopt(obj, name): before cls's own __setstate__ runs, or after it."""
    getstate, setstate = cls.__getstate__, cls.__setstate__

    def traced_getstate(self):
        state = getstate(self)
        tally = self.__dict__.get("_mpwb")
        return _with_label(state, tally.label) if tally is not None else state

    def traced_setstate(self, state):
        state, label = _split_label(state)
        if label is not None and before:
            adopt(self, label)
        setstate(self, state)
        if label is not None and not before:
            adopt(self, label)

    traced_getstate.__wrapped__, traced_setstate.__wrapped__ = getstate, setstate
    cls.__getstate__, cls.__setstate__ = traced_getstate, traced_setstate


def _with_label(state, label):
    """The pickled state with the label appended, marked."""
    return tuple(state) + ((MARK, label),)


def _split_label(state):
    """(state without our item, label or None)."""
    if isinstance(state, tuple) and state:
        last = state[-1]
        if type(last) is tuple and len(last) == 2 and last[0] == MARK:
            return state[:-1], last[1]
    return state, None

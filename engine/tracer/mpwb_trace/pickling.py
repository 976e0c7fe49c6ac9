# SPDX-License-Identifier: GPL-3.0-or-later
"""multiprocessing's pickler, timed; and the check, before anything is sent, that a task can be pickled.

Every object multiprocessing sends goes through ForkingPickler.dumps and comes back through
ForkingPickler.loads; the wrappers time both and hand the chunks' objects to `pools`. The check pickles the
function and the first chunk's arguments once per function; when that fails it names the culprit, where it
came from and what to do instead, and then lets the script go on exactly as it would have.
"""
import _struct
import io
import os
import sys

from . import facts, hooks, pools, stopwatch

LESSON = "07-what-can-be-pickled"
_STDLIB = os.path.dirname(os.__file__) + os.sep
_HERE = os.path.dirname(__file__) + os.sep

_dumps = None  # ForkingPickler.dumps as multiprocessing defines it
# The kinds of object the check names, without importing `types` into every traced process.
class _Probe:
    def method(self):
        pass


_FUNCTION = type(_Probe.method)
_METHOD = type(_Probe().method)
_GENERATOR = type((lambda: (yield))())
# The size of the last pickle made or read: what a SimpleQueue's put or get just moved (same thread). Kept
# in a buffer: an int would be one more object of ours alive through the worker's loop (see stopwatch).
_size = _struct.Struct("<q")
_last_size = bytearray(_size.size)


def last_size():
    return _size.unpack_from(_last_size)[0]


_checked = {}  # what check() has seen: a function's code (a lambda made in a loop is one), else the callable


def _patch_reduction(module):
    global _dumps
    pickler = module.ForkingPickler
    dumps = pickler.__dict__["dumps"].__func__
    loads = pickler.__dict__["loads"]
    watched = pools.watched_types

    # Nothing of ours lives across the pickler's own work: see stopwatch.
    def traced_dumps(cls, obj, protocol=None):
        stopwatch.start()
        try:
            data = dumps(cls, obj, protocol)
        finally:
            t0, t1 = stopwatch.stop()
        _size.pack_into(_last_size, 0, len(data))
        if type(obj) in watched:
            try:
                pools.on_dumps(obj, data, t0, t1)
            except Exception:
                pass
        return data

    def traced_loads(data, *args, **kwargs):
        stopwatch.start()
        try:
            obj = loads(data, *args, **kwargs)
        finally:
            t0, t1 = stopwatch.stop()
        _size.pack_into(_last_size, 0, len(data))
        if type(obj) in watched:
            try:
                pools.on_loads(obj, data, t0, t1)
            except Exception:
                pass
        return obj

    _dumps = lambda obj: dumps(pickler, obj)  # noqa: E731 (the check's pickler: untimed, unwatched)
    traced_dumps.__wrapped__ = dumps
    traced_loads.__wrapped__ = loads
    pickler.dumps = classmethod(traced_dumps)
    pickler.loads = staticmethod(traced_loads)


def _where_code(code, line=None):
    return "%s:%d" % (os.path.basename(code.co_filename), line or code.co_firstlineno)


def call_site():
    """file:line of the script's code that called into multiprocessing or concurrent.futures."""
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith((_STDLIB, _HERE)):
            return "%s:%d" % (os.path.basename(filename), frame.f_lineno)
        frame = frame.f_back
    return "?"


def _picklable(obj):
    try:
        _dumps(obj)
        return None
    except Exception as error:
        return error


def _parts(obj):
    """What a container sends along with it (the first few of each)."""
    if isinstance(obj, (tuple, list, set, frozenset)):
        return list(obj)[:32]
    if isinstance(obj, dict):
        return list(obj.values())[:32]
    if isinstance(obj, _METHOD):
        return [obj.__self__]
    func = getattr(obj, "func", None)
    if callable(func) and hasattr(obj, "args"):  # functools.partial
        return [func, *obj.args[:32], *getattr(obj, "keywords", {}).values()]
    return []


def _culprit(obj, error, depth=0):
    """The innermost part of obj that cannot be pickled, with its error."""
    if depth < 4:
        for part in _parts(obj):
            part_error = _picklable(part)
            if part_error is not None:
                if isinstance(obj, _METHOD):
                    return obj, part_error  # the method names its object better than the object alone
                return _culprit(part, part_error, depth + 1)
    return obj, error


def _is_lock(obj):
    kind = type(obj)
    if kind.__module__ == "multiprocessing.synchronize":
        return True
    threading = sys.modules.get("threading")
    return threading is not None and kind in (type(threading.Lock()), type(threading.RLock()))


def _lock_name(obj):
    kind = type(obj)
    return kind.__name__ if kind.__module__ == "multiprocessing.synchronize" else "threading lock"


def describe(obj, error, site):
    """(what, where, message) for something that cannot be sent to a worker process."""
    cannot = "cannot be sent to a worker process"
    if isinstance(obj, _FUNCTION):
        where = _where_code(obj.__code__)
        if obj.__name__ == "<lambda>":
            return "lambda", where, "the lambda at %s %s: define it at module level with def" % (where, cannot)
        if "<locals>" in obj.__qualname__:
            return "local function", where, ("the local function %s at %s %s: define it at module level"
                                             % (obj.__name__, where, cannot))
    if isinstance(obj, _METHOD):
        where = _where_code(obj.__func__.__code__) if hasattr(obj.__func__, "__code__") else site
        return "bound method", where, (
            "the method %s of a %s object at %s %s: its object cannot be pickled (%s); use a module-level "
            "function and pass it what it needs" % (obj.__func__.__name__, type(obj.__self__).__name__, where,
                                                   cannot, error))
    if isinstance(obj, _GENERATOR):
        frame = obj.gi_frame
        where = _where_code(obj.gi_code, frame.f_lineno if frame else None)
        return "generator", where, ("the generator %s at %s %s: pass a list of its items, or what the worker "
                                    "needs to make them" % (obj.__name__, where, cannot))
    if isinstance(obj, io.IOBase):
        name = getattr(obj, "name", "")
        return "open file", site, ("the open file %r passed at %s %s: pass its name and open it in the worker"
                                   % (name, site, cannot))
    if _is_lock(obj):
        tally = getattr(obj, "__dict__", {}).get("_mpwb")
        how = "made at %s" % tally.label if tally is not None else "passed at %s" % site
        return "lock", tally.label if tally is not None else site, (
            "the %s %s %s as an argument: give it to the workers when they start (initializer and "
            "initargs) or use a Manager().Lock()" % (_lock_name(obj), how, cannot))
    name = type(obj).__name__
    return name, site, "the %s object passed at %s %s: %s" % (name, site, cannot, error)


def check(func, args, kwargs=None):
    """Reports the first unpicklable thing among func and its arguments; once per distinct func."""
    if _dumps is None or not facts.active():
        return
    inner = getattr(func, "func", func)  # functools.partial
    inner = getattr(inner, "__func__", inner)  # a bound method
    key = getattr(inner, "__code__", inner)
    try:
        if key in _checked:
            return
        _checked[key] = True
    except TypeError:  # an unhashable callable: checked every time, still before anything is sent
        pass
    site = call_site()
    for obj in (func, args, kwargs):
        if obj is None:
            continue
        error = _picklable(obj)
        if error is not None:
            culprit, culprit_error = _culprit(obj, error)
            what, where, message = describe(culprit, culprit_error, site)
            facts.send("unpicklable", what=what, where=where, message=message, lesson=LESSON)
            return


def install():
    hooks.after_import("multiprocessing.reduction", _patch_reduction)

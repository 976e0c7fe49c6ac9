# SPDX-License-Identifier: GPL-3.0-or-later
"""Shared state the script makes: Value counters, locks, shared_memory blocks and named semaphores.

A Value's writes are counted with whether the writer held its lock (`counter`); a lock the script made
counts the acquisitions it sees and the time spent waiting (`lock`): the Value's own short acquisitions
around each read and write are not the script's and are left out. Every named semaphore and shared_memory
block is reported as made, attached and unlinked (`segment`), so the runner can remove what a killed tree
left in /dev/shm.
"""
import os
import time
from _weakref import ref as weak_ref

from . import facts, hooks, labels, samples

_clock = time.monotonic_ns
_LOCK_THROUGH = ("synchronize.py", "context.py", "sharedctypes.py")


class LockTally(samples.Tally):
    kind = "lock"

    def __init__(self, label):
        super().__init__()
        self.label = label
        self.reset()

    def reset(self):
        super().reset()
        self.depth = self.waiting = self.acquisitions = self.waited_ns = 0

    def fields(self):
        return {"name": self.label, "holding": self.depth > 0, "waiting": self.waiting,
                "acquisitions": self.acquisitions, "waited_ns": self.waited_ns}


class CounterTally(samples.Tally):
    kind = "counter"

    def __init__(self, label, value):
        super().__init__()
        self.label = label
        self.value = weak_ref(value)
        self.is_mine = value._lock._semlock._is_mine
        self.reset()

    def reset(self):
        super().reset()
        self.writes = self.locked_writes = 0

    def fields(self):
        value = self.value()
        current = value._obj.value if value is not None else None
        return {"name": self.label, "value": current, "writes": self.writes,
                "locked_writes": self.locked_writes}


def _track_lock(lock, label):
    """Counts what the script does with this lock, through its acquire, release, and with-block."""
    tally = LockTally(label)
    raw_acquire, raw_release = lock._semlock.acquire, lock._semlock.release

    def acquire(block=True, timeout=None):
        if raw_acquire(False):
            ok = True
        elif not block:
            return False
        else:
            tally.waiting += 1
            tally.touch()
            t0 = _clock()
            try:
                ok = raw_acquire(True, timeout)
            finally:
                tally.waited_ns += _clock() - t0
                tally.waiting -= 1
        if ok:
            tally.depth += 1
            tally.acquisitions += 1
            tally.touch()
        return ok

    def release():
        raw_release()
        tally.depth = max(0, tally.depth - 1)
        tally.touch()

    lock._mpwb = tally
    lock.acquire, lock.release = acquire, release


def _semaphore_segment(action, name):
    if not name:
        return
    path_name = "sem." + name.lstrip("/")
    size = 0
    if action == "created":
        try:
            size = os.stat("/dev/shm/" + path_name).st_size
        except OSError:
            pass
    facts.send("segment", action=action, name="/" + path_name, bytes=size)


def _patch_synchronize(module):
    semlock = module.SemLock
    init = semlock.__init__
    enter, leave = semlock.__enter__, semlock.__exit__
    cleanup = semlock.__dict__["_cleanup"].__func__
    lock_kinds = (module.Lock, module.RLock)

    def traced_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        _semaphore_segment("created", getattr(self._semlock, "name", None))
        if type(self) in lock_kinds:
            label = labels.made_at(_LOCK_THROUGH)
            if label is not None:
                _track_lock(self, label)

    def traced_enter(self):
        if "_mpwb" in self.__dict__:
            return self.acquire()
        return enter(self)

    def traced_exit(self, *args):
        if "_mpwb" in self.__dict__:
            return self.release()
        return leave(self, *args)

    def traced_cleanup(name):
        cleanup(name)
        _semaphore_segment("unlinked", name)

    semlock.__init__ = traced_init
    labels.carry_in_state(semlock, _track_lock, before=False)  # after: its __setstate__ binds acquire anew
    semlock.__enter__, semlock.__exit__ = traced_enter, traced_exit
    semlock._cleanup = staticmethod(traced_cleanup)


def _patch_sharedctypes(module):
    synchronized = module.synchronized
    value_property = module.Synchronized.__dict__["value"]
    set_value = value_property.fset

    def traced_synchronized(obj, lock=None, ctx=None):
        result = synchronized(obj, lock, ctx)
        tally = getattr(getattr(result, "_lock", None), "__dict__", {}).get("_mpwb")
        if tally is not None and isinstance(result, module.Synchronized):
            # The Value's own acquisitions around each read and write stay uncounted.
            result.acquire, result.release = result._lock._semlock.acquire, result._lock._semlock.release
            result._mpwb = CounterTally(tally.label, result)
        return result

    def traced_set(self, value):
        tally = self.__dict__.get("_mpwb")
        if tally is None:
            return set_value(self, value)
        locked = tally.is_mine()
        set_value(self, value)
        tally.writes += 1
        if locked:
            tally.locked_writes += 1
        tally.touch()

    # A Value pickles as a call of multiprocessing.sharedctypes.synchronized, looked up by that name.
    for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
        setattr(traced_synchronized, attribute, getattr(synchronized, attribute))
    traced_synchronized.__wrapped__ = synchronized
    module.synchronized = traced_synchronized
    module.Synchronized.value = property(value_property.fget, traced_set, value_property.fdel)


def _patch_shared_memory(module):
    block = module.SharedMemory
    init, unlink = block.__init__, block.unlink

    def traced_init(self, name=None, create=False, size=0, *args, **kwargs):
        init(self, name, create, size, *args, **kwargs)
        facts.send("segment", action="created" if create else "attached", name=self._name, bytes=self.size)

    def traced_unlink(self):
        unlink(self)
        facts.send("segment", action="unlinked", name=self._name, bytes=self.size)

    block.__init__, block.unlink = traced_init, traced_unlink


def install():
    hooks.after_import("multiprocessing.synchronize", _patch_synchronize)
    hooks.after_import("multiprocessing.sharedctypes", _patch_sharedctypes)
    hooks.after_import("multiprocessing.shared_memory", _patch_shared_memory)

# SPDX-License-Identifier: GPL-3.0-or-later
"""multiprocessing queues made by the script (Queue, JoinableQueue, SimpleQueue): each process's puts, gets,
bytes and time blocked, with the depth where qsize() works, sent as `queue` facts.

A pool's or an executor's own queues are left alone: their traffic is the chunks. Bytes are counted where
they really move: a Queue's feeder thread sends, its get receives.
"""
from _weakref import ref as weak_ref

from . import hooks, labels, pickling, samples, stopwatch

_THROUGH = ("queues.py", "context.py")
_VARIADIC = 0x04 | 0x08  # a code object's CO_VARARGS and CO_VARKEYWORDS flags


class QueueTally(samples.Tally):
    kind = "queue"

    def __init__(self, label, queue, unbounded):
        super().__init__()
        self.label = label
        self.unbounded = unbounded
        self.queue = weak_ref(queue)
        self.puts = self.gets = self.bytes_put = self.bytes_got = 0
        self.put_blocked_ns = self.get_blocked_ns = 0

    def fields(self):
        queue = self.queue()
        depth = -1
        qsize = getattr(queue, "qsize", None)
        if qsize is not None:
            try:
                depth = max(0, qsize())
            except (NotImplementedError, OSError, ValueError, AttributeError):
                pass
        maxsize = getattr(queue, "_maxsize", 0) or 0
        capacity = 0 if maxsize <= 0 or maxsize >= self.unbounded else maxsize
        return {"queue": self.label, "capacity": capacity, "depth": depth, "puts": self.puts,
                "gets": self.gets, "bytes_put": self.bytes_put, "bytes_got": self.bytes_got,
                "put_blocked_ns": self.put_blocked_ns, "get_blocked_ns": self.get_blocked_ns}

    def reset(self):
        super().reset()
        self.puts = self.gets = self.bytes_put = self.bytes_got = 0
        self.put_blocked_ns = self.get_blocked_ns = 0


def _counting_pipes(queue, tally):
    """Counts the bytes a Queue's feeder thread sends and its get receives."""
    send, recv = queue._send_bytes, queue._recv_bytes
    if getattr(send, "_mpwb", False):
        return  # counted already (_after_fork calls _reset in some versions, and both are wrapped)

    def send_bytes(buf, *args):
        tally.bytes_put += len(buf)
        tally.changed = True  # the put that queued it may have been sent already: the flush at exit tells
        return send(buf, *args)

    def recv_bytes(*args):
        data = recv(*args)
        tally.bytes_got += len(data)
        return data

    send_bytes._mpwb = recv_bytes._mpwb = True
    queue._send_bytes, queue._recv_bytes = send_bytes, recv_bytes


def _timed(method, is_put, counts_bytes):
    def measured(tally, self, *args, **kwargs):
        stopwatch.start()
        try:
            result = method(self, *args, **kwargs)
        except BaseException:
            stopwatch.stop()
            raise
        t0, t1 = stopwatch.stop()
        if is_put:
            tally.puts += 1
            tally.put_blocked_ns += t1 - t0
            if counts_bytes:
                tally.bytes_put += pickling.last_size()
        else:
            tally.gets += 1
            tally.get_blocked_ns += t1 - t0
            if counts_bytes:
                tally.bytes_got += pickling.last_size()
        tally.touch()
        return result

    # The queues of a pool or an executor are not the script's and are passed straight on, by a wrapper of
    # the method's own shape where it is one of these: `*args, **kwargs` would keep a dict of ours alive while
    # the worker's get unpickles its chunk (see stopwatch: with only the queues patched, that dict made
    # exercise 1's workers switch pools 1.94 million times under cachegrind, these wrappers 0.01 million).
    code = method.__code__
    plain = not code.co_kwonlyargcount and not code.co_flags & _VARIADIC
    shape = code.co_varnames[: code.co_argcount] if plain else ()
    if shape == ("self",):

        def traced(self):
            tally = self.__dict__.get("_mpwb")
            return method(self) if tally is None else measured(tally, self)

    elif shape == ("self", "obj"):

        def traced(self, obj):
            tally = self.__dict__.get("_mpwb")
            return method(self, obj) if tally is None else measured(tally, self, obj)

    elif shape == ("self", "obj", "block", "timeout"):

        def traced(self, obj, block, timeout):
            tally = self.__dict__.get("_mpwb")
            if tally is None:
                return method(self, obj, block, timeout)
            return measured(tally, self, obj, block, timeout)

    elif shape == ("self", "block", "timeout"):

        def traced(self, block, timeout):
            tally = self.__dict__.get("_mpwb")
            return method(self, block, timeout) if tally is None else measured(tally, self, block, timeout)

    else:

        def traced(self, *args, **kwargs):
            tally = self.__dict__.get("_mpwb")
            return method(self, *args, **kwargs) if tally is None else measured(tally, self, *args, **kwargs)

    if shape:
        traced.__defaults__ = method.__defaults__  # the method's own: the same parameters, so the same places
    # A call with the wrong arguments fails in the wrapper now: its message names Queue.put, as untraced.
    traced.__name__, traced.__qualname__ = method.__name__, method.__qualname__
    traced.__wrapped__ = method
    return traced


def _patch_class(cls, unbounded, has_pipes):
    init = cls.__init__

    # The tally is in place before the queue's own code runs, so the _reset that code calls counts its pipes.
    def traced_init(self, *args, **kwargs):
        label = labels.made_at(_THROUGH)
        if label is not None:
            self._mpwb = QueueTally(label, self, unbounded)
        init(self, *args, **kwargs)

    def adopt(self, label):
        self._mpwb = QueueTally(label, self, unbounded)

    traced_init.__wrapped__ = init
    cls.__init__ = traced_init
    labels.carry_in_state(cls, adopt, before=True)
    for name, is_put in (("put", True), ("get", False)):
        method = cls.__dict__.get(name)
        if method is not None:
            setattr(cls, name, _timed(method, is_put, not has_pipes))
    if has_pipes:
        # Whichever of these sets the pipe methods in this version (both in some): a forked child's queue
        # runs it again, and would drop the counting wrappers.
        for name in ("_reset", "_after_fork"):
            if name in cls.__dict__:
                setattr(cls, name, _recounting(cls.__dict__[name]))


def _recounting(method):
    def traced(self, *args, **kwargs):
        method(self, *args, **kwargs)
        tally = self.__dict__.get("_mpwb")
        if tally is not None:
            _counting_pipes(self, tally)

    traced.__wrapped__ = method
    return traced


def _patch_queues(module):
    unbounded = getattr(getattr(module, "_multiprocessing", None), "SemLock", None)
    unbounded = getattr(unbounded, "SEM_VALUE_MAX", 1 << 31)
    _patch_class(module.Queue, unbounded, True)
    # JoinableQueue's put is its own and its state wraps Queue's: only its put needs timing.
    joinable = module.JoinableQueue
    if "put" in joinable.__dict__:
        joinable.put = _timed(joinable.__dict__["put"], True, False)
    _patch_class(module.SimpleQueue, unbounded, False)


def install():
    hooks.after_import("multiprocessing.queues", _patch_queues)

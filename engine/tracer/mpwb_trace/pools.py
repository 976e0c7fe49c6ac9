# SPDX-License-Identifier: GPL-3.0-or-later
"""Chunks of concurrent.futures.ProcessPoolExecutor and multiprocessing.Pool: dispatch and chunk facts.

The parent reports a chunk (`dispatch`) when its task is pickled, the worker (`chunk`) when it pickles the
result. Both make the same key from what both know: the parent's pid (a worker asks its process object, which
is right under forkserver too), then the executor's work id or the pool's job and task index. Work ids start
over in every executor, so each executor after the first gets its own range of them.
"""
import _struct
import itertools
import sys
from _thread import get_ident
from _weakref import ref as weak_ref

from . import facts, hooks, pickling, processes

watched_types = {tuple}  # filled with the executor's item classes once concurrent.futures.process is loaded

_call_item = None
_result_item = None
_process_chunk = None
_star = ()  # multiprocessing.pool.mapstar and starmapstar: a task that carries a chunk
_pool_calls = {}  # job -> ("Pool.map", ...; a weak reference that forgets the job with its result object)
_calling = {}  # thread id -> the Pool method being called, while it is
_executor_ranges = itertools.count()
# In a worker, the chunk being worked on: job (-1 for an executor's chunk), task index or work id, start,
# items, bytes_in, decode_ns, written by _hold into one buffer made at import; _current says it is there.
_held = _struct.Struct("<qqqqqq")
_chunk = bytearray(_held.size)
_current = False


def _parent_pid():
    process = sys.modules.get("multiprocessing.process")
    return getattr(process.current_process(), "_parent_pid", None) if process else None


def _chunk_items(func, args):
    if func is _process_chunk or func in _star:
        try:
            return len(args[0]) if func is _process_chunk else len(args[0][1])
        except (TypeError, IndexError):
            return 1
    return 1


def on_dumps(obj, data, t0, t1):
    """A watched object was pickled: a chunk's task leaving the parent, or its result leaving a worker."""
    global _current
    kind = type(obj)
    if kind is _call_item:
        fn = obj.fn
        inner = getattr(fn, "func", None)
        if inner is _process_chunk:
            call, items = "ProcessPoolExecutor.map", _chunk_items(_process_chunk, obj.args)
        else:
            call, items = "ProcessPoolExecutor.submit", 1
        facts.send("dispatch", t=t1, key="%d:x%d" % (facts.pid(), obj.work_id), items=items, bytes=len(data),
                   encode_ns=t1 - t0, call=call)
    elif kind is _result_item:
        if _current:
            held = _held.unpack_from(_chunk)
            if held[0] == -1 and held[1] == obj.work_id:
                _current = False
                _send_chunk("%s:x%d" % (_parent_pid(), held[1]), held, data, t0, t1)
    elif len(obj) == 5 and obj[0] in _pool_calls and processes.role != "pool-worker":
        job, index, func, args = obj[0], obj[1], obj[2], obj[3]
        facts.send("dispatch", t=t1, key="%d:p%d.%s" % (facts.pid(), job, index),
                   items=_chunk_items(func, args), bytes=len(data), encode_ns=t1 - t0, call=_pool_calls[job][0])
    elif len(obj) == 3 and _current:
        held = _held.unpack_from(_chunk)
        if held[0] == obj[0] and held[1] == obj[1]:
            _current = False
            _send_chunk("%s:p%s.%s" % (_parent_pid(), held[0], held[1]), held, data, t0, t1)


def on_loads(obj, data, t0, t1):
    """A watched object was unpickled: in a worker, a chunk's task arriving."""
    global _current
    kind = type(obj)
    if kind is _call_item:
        fn = obj.fn
        items = _chunk_items(_process_chunk, obj.args) if getattr(fn, "func", None) is _process_chunk else 1
        _current = _hold(-1, obj.work_id, t1, items, len(data), t1 - t0)
    elif kind is tuple and len(obj) == 5 and processes.role == "pool-worker" and callable(obj[2]):
        _current = _hold(obj[0], obj[1], t1, _chunk_items(obj[2], obj[3]), len(data), t1 - t0)


def _hold(job, index, start, items, bytes_in, decode_ns):
    """Keeps a chunk's numbers while the worker computes it (the key is made later); False if they do not fit.

    Nothing new is kept: loose ints, a key text or even one packed bytes object would sit in pymalloc's
    pools among the numbers the script's loop makes and frees, and where they sit changes how often that
    loop empties and refills a pool (see stopwatch).
    """
    try:
        _held.pack_into(_chunk, 0, job, index, start, items, bytes_in, decode_ns)
    except (_struct.error, TypeError):  # a job or index that is not a small int: this chunk goes unreported
        return False
    return True


def _send_chunk(key, held, data, t0, t1):
    _, _, start, items, bytes_in, decode_ns = held
    facts.send("chunk", t=t1, key=key, start=start, end=t0, items=items, bytes_in=bytes_in,
               decode_ns=decode_ns, bytes_out=len(data), encode_ns=t1 - t0)


def _patch_executor(module):
    global _call_item, _result_item, _process_chunk
    _call_item, _result_item, _process_chunk = module._CallItem, module._ResultItem, module._process_chunk
    watched_types.update((_call_item, _result_item))
    executor = module.ProcessPoolExecutor
    init, submit = executor.__init__, executor.submit

    def traced_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        count = getattr(self, "_queue_count", None)
        if type(count) is int:
            self._queue_count = count + (next(_executor_ranges) << 32)

    def traced_submit(self, fn, /, *args, **kwargs):
        try:
            if getattr(fn, "func", None) is _process_chunk and fn.args and args:
                pickling.check(fn.args[0], args[0])  # map: the user's function and its first chunk
            else:
                pickling.check(fn, args, kwargs)
        except Exception:
            pass
        return submit(self, fn, *args, **kwargs)

    traced_init.__wrapped__ = init
    traced_submit.__wrapped__ = submit
    executor.__init__ = traced_init
    executor.submit = traced_submit


def _first(iterable):
    """(first item or None, the iterable to pass on): a list stays as it is, an iterator is re-chained."""
    if isinstance(iterable, (list, tuple, range)):
        return (iterable[0] if len(iterable) else None), iterable
    it = iter(iterable)
    for item in it:
        return item, itertools.chain((item,), it)
    return None, ()


def _wrap_pool_method(module, name, takes_iterable):
    pool = module.Pool
    threads = getattr(module, "ThreadPool", ())  # its tasks are never pickled
    method = getattr(pool, name)
    call = "Pool." + name

    def traced(self, func, *args, **kwargs):
        me = get_ident()
        outer = me not in _calling and not isinstance(self, threads)
        if outer:
            _calling[me] = call
            try:
                if takes_iterable and args:
                    first, rest = _first(args[0])
                    args = (rest,) + args[1:]
                    if first is not None:
                        pickling.check(func, first)
                elif not takes_iterable:
                    pickling.check(func, args[0] if args else kwargs.get("args", ()),
                                   args[1] if len(args) > 1 else kwargs.get("kwds"))
            except Exception:
                pass
        try:
            return method(self, func, *args, **kwargs)
        finally:
            if outer:
                _calling.pop(me, None)

    traced.__wrapped__ = method
    traced.__name__ = name
    setattr(pool, name, traced)


def _remember_job(cls):
    init = cls.__init__

    def traced_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        job = getattr(self, "_job", None)
        if job is not None:
            # The result object stays in its pool's cache until its last task is back: long past dispatch.
            _pool_calls[job] = (_calling.get(get_ident(), "Pool.apply_async"),
                                weak_ref(self, lambda _, job=job: _pool_calls.pop(job, None)))

    traced_init.__wrapped__ = init
    cls.__init__ = traced_init


def _patch_pool(module):
    global _star
    _star = (module.mapstar, module.starmapstar)
    for name in ("map", "map_async", "starmap", "starmap_async", "imap", "imap_unordered"):
        _wrap_pool_method(module, name, True)
    for name in ("apply", "apply_async"):
        _wrap_pool_method(module, name, False)
    _remember_job(module.ApplyResult)
    _remember_job(module.IMapIterator)


def install():
    hooks.after_import("concurrent.futures.process", _patch_executor)
    hooks.after_import("multiprocessing.pool", _patch_pool)

# SPDX-License-Identifier: GPL-3.0-or-later
"""Who the processes are: hello from every traced process, process_started / process_ready / process_ended.

The parent reports a child once Process.start() returned and again when a Popen first learns its exit status;
the child reports itself as its bootstrap begins. Forked children (multiprocessing's or a bare os.fork) say
hello through os.register_at_fork, spawned and forkserver ones when their interpreter loads the tracer.
"""
import os
import sys

from . import facts, hooks, samples

# The role of this process: "main", "executor-worker", "pool-worker", "process" or "other".
role = "other"
# Run at the end of a multiprocessing child's bootstrap (it leaves with os._exit, so atexit never runs).
at_child_exit = []

_ROLE_OF_TARGET = {"concurrent.futures.process": "executor-worker", "multiprocessing.pool": "pool-worker"}


def default_start_method():
    """What multiprocessing would use now, without importing it when the script has not."""
    context = sys.modules.get("multiprocessing.context")
    if context is not None:
        try:
            return context._default_context.get_start_method()
        except Exception:
            pass
    wanted = os.environ.get("MPWB_START_METHOD")
    if role == "main" and wanted:
        return wanted
    if sys.platform != "linux":
        return "spawn"
    # Linux: fork up to 3.13, forkserver from 3.14 on (no way to ask without importing multiprocessing).
    return "forkserver" if sys.version_info >= (3, 14) else "fork"


def hello():
    gil = True
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
    if is_gil_enabled is not None:
        try:
            gil = bool(is_gil_enabled())
        except Exception:
            pass
    facts.send("hello", python="%d.%d.%d" % sys.version_info[:3], executable=sys.executable, gil=gil,
               start_method=default_start_method(), ppid=os.getppid(), main=role == "main")


def _role_of(process):
    target = getattr(process, "_target", None)
    return _ROLE_OF_TARGET.get(getattr(target, "__module__", None), "process")


def _patch_process(module):
    base = module.BaseProcess
    start, bootstrap = base.start, base._bootstrap

    def traced_start(self):
        child_role = _role_of(self)  # start() drops the target once the child has it
        asked = facts.now()
        start(self)
        popen = getattr(self, "_popen", None)
        method = getattr(popen, "method", None) or getattr(self, "_start_method", None) or "fork"
        facts.send("process_started", child=self.pid, start_method=method, asked_t=asked, name=self.name,
                   role=child_role)

    def traced_bootstrap(self, *args, **kwargs):
        global role
        role = _role_of(self)
        facts.send("process_ready", name=self.name)
        try:
            return bootstrap(self, *args, **kwargs)
        finally:
            for flush in at_child_exit:
                try:
                    flush()
                except Exception:
                    pass

    traced_start.__wrapped__ = start
    traced_bootstrap.__wrapped__ = bootstrap
    base.start = traced_start
    base._bootstrap = traced_bootstrap


def _patch_poll(module):
    popen = module.Popen
    poll = popen.__dict__.get("poll")
    if poll is None:
        return

    def traced_poll(self, *args, **kwargs):
        before = self.returncode
        code = poll(self, *args, **kwargs)
        if before is None and code is not None:
            facts.send("process_ended", child=getattr(self, "pid", None), exitcode=code,
                       by_parent=self.__dict__.get("_mpwb_signalled", False))
        return code

    traced_poll.__wrapped__ = poll
    popen.poll = traced_poll
    send_signal = popen.__dict__.get("_send_signal")
    if send_signal is None:
        return

    def traced_send_signal(self, *args, **kwargs):
        # terminate() and kill() come here: a child the script itself stopped (Pool.terminate(), the end of
        # a `with Pool()` block) did not die of something, and the runner must not say it did. One that is
        # dead already (an executor stops every worker of a pool one of them broke) is reported by this
        # poll as it died; the signal then goes nowhere, as it would have.
        if self.returncode is None and self.poll() is None:
            self.__dict__["_mpwb_signalled"] = True
        return send_signal(self, *args, **kwargs)

    traced_send_signal.__wrapped__ = send_signal
    popen._send_signal = traced_send_signal


def _after_fork_in_child():
    global role
    role = "other"  # a multiprocessing child learns its role in its bootstrap
    facts.after_fork()
    samples.after_fork()
    hello()


def install(is_main):
    global role
    role = "main" if is_main else "other"
    hooks.after_import("multiprocessing.process", _patch_process)
    hooks.after_import("multiprocessing.popen_fork", _patch_poll)
    hooks.after_import("multiprocessing.popen_forkserver", _patch_poll)
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_after_fork_in_child)
    hello()

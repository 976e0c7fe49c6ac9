# SPDX-License-Identifier: GPL-3.0-or-later
"""How a script fails: an uncaught exception in its own process, and a child that starts processes while it
imports the script (no `if __name__ == "__main__":` guard under spawn or forkserver)."""
import os
import sys

from . import facts, hooks

_STDLIB = os.path.dirname(os.__file__) + os.sep
_NOT_THE_SCRIPTS = (_STDLIB, os.path.dirname(__file__) + os.sep)


def _innermost_own_frame(tb):
    """The last frame of the traceback that is not the standard library's, else the last one."""
    chosen = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if chosen is None or not filename.startswith(_NOT_THE_SCRIPTS):
            chosen = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return chosen or ("", 0)


def report_exception(kind, value, tb):
    import traceback

    if isinstance(value, SyntaxError):
        where = (value.filename or "", value.lineno or 0)
        message = value.msg or str(value)
    else:
        where = _innermost_own_frame(tb)
        message = str(value)
    text = "".join(traceback.format_exception(kind, value, tb))
    facts.send("exception", type=getattr(kind, "__qualname__", str(kind)), message=message,
               file=where[0], line=where[1], traceback=text)


def _install_excepthook():
    previous = sys.excepthook

    def traced_excepthook(kind, value, tb):
        try:
            report_exception(kind, value, tb)
        except Exception:
            pass
        previous(kind, value, tb)

    traced_excepthook.__wrapped__ = previous
    sys.excepthook = traced_excepthook


def _script_frame():
    """file:line of the script's own code that is starting a process, while a child imports the script."""
    frame = sys._getframe(1)
    fallback = None
    while frame is not None:
        if frame.f_globals.get("__name__") in ("__mp_main__", "__main__"):
            return "%s:%d" % (os.path.basename(frame.f_code.co_filename), frame.f_lineno)
        if fallback is None and not frame.f_code.co_filename.startswith(_NOT_THE_SCRIPTS):
            fallback = "%s:%d" % (os.path.basename(frame.f_code.co_filename), frame.f_lineno)
        frame = frame.f_back
    return fallback or ""


def _patch_spawn(module):
    check = module._check_not_importing_main
    process = sys.modules.get("multiprocessing.process")

    def traced_check():
        try:
            if process is not None and getattr(process.current_process(), "_inheriting", False):
                context = sys.modules.get("multiprocessing.context")
                method = context._default_context.get_start_method() if context else ""
                facts.send("main_guard", where=_script_frame(), start_method=method)
        except Exception:
            pass
        return check()

    traced_check.__wrapped__ = check
    module._check_not_importing_main = traced_check


def install(is_main):
    if is_main:
        _install_excepthook()
    hooks.after_import("multiprocessing.spawn", _patch_spawn)

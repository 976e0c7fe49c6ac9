# SPDX-License-Identifier: GPL-3.0-or-later
"""The workbench's tracer enters every Python process of a traced script here (docs/PYTHON_RUNS.md).

The runner puts this folder first on PYTHONPATH, so this file shadows the interpreter's own sitecustomize
(Debian has one); that one still runs, after the tracer is in place, and its errors are its own.
"""
import os as _os
import sys as _sys


def _install_tracer():
    path = _os.environ.get("MPWB_TRACE_SOCKET")
    if not path:
        return
    try:
        import mpwb_trace

        mpwb_trace.install(path)
    except Exception:  # the tracer must never stop a script
        pass


def _run_shadowed():
    """Runs the sitecustomize this one hides, the first found on sys.path after this folder (importlib.util
    would cost every Python process of the tree its imports: the module is made by hand)."""
    PathFinder = getattr(_sys.modules.get("_frozen_importlib_external"), "PathFinder", None)
    if PathFinder is None:
        from importlib.machinery import PathFinder

    here = _os.path.dirname(_os.path.realpath(__file__))
    rest = [p for p in _sys.path if _os.path.realpath(p or _os.curdir) != here]
    spec = PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None:
        return
    module = type(_sys)(spec.name)
    module.__spec__, module.__loader__, module.__file__ = spec, spec.loader, spec.origin
    spec.loader.exec_module(module)


_install_tracer()
_run_shadowed()

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
    redirect = _compiled_elsewhere()
    if redirect:
        # Only for the tracer's own imports: the script's modules keep the script's settings.
        saved = _sys.pycache_prefix, _sys.dont_write_bytecode
        _sys.pycache_prefix, _sys.dont_write_bytecode = redirect, False
    try:
        import mpwb_trace

        mpwb_trace.install(path)
    except Exception:  # the tracer must never stop a script
        pass
    finally:
        if redirect:
            _sys.pycache_prefix, _sys.dont_write_bytecode = saved


def _compiled_elsewhere():
    """Where this Python keeps its compiled tracer when the tracer's folder has no copy for it, else None.

    The build compiles the tracer for the python3 it found, and the .deb for the system's. Another Python
    (3.13 from pyenv, say) finds no copy for its version, and where the folder is root's or
    PYTHONDONTWRITEBYTECODE is set it cannot leave one: every traced process of it, each spawned worker too,
    would compile the tracer again (tens of ms each). Such a Python compiles it once into the user's cache.
    """
    tag = getattr(_sys.implementation, "cache_tag", None)
    here = _os.path.dirname(_os.path.realpath(__file__))
    if not tag or _os.path.exists(_os.path.join(here, "mpwb_trace", "__pycache__", "__init__.%s.pyc" % tag)):
        return None
    cache = _os.environ.get("XDG_CACHE_HOME") or _os.path.join(_os.path.expanduser("~"), ".cache")
    if not _os.path.isabs(cache):
        return None  # no home to keep it in: compiled in memory, as before
    return _os.path.join(cache, "mpwb", "pycache")


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

# SPDX-License-Identifier: GPL-3.0-or-later
"""Patches applied when a module is first imported, so the tracer imports nothing the script does not.

A finder placed first on sys.meta_path finds the module's spec through the other finders and wraps that
module's loader so the registered patches run right after the module's own code.
"""
import sys

_patches = {}  # module name -> [patch(module)]


def _apply(name, module):
    for patch in _patches.get(name, ()):
        try:
            patch(module)
        except Exception:  # a patch that does not fit this Python leaves the module as it was
            pass


class _AfterImport:
    """A meta path finder that only wraps loaders; it never finds a module itself."""

    def find_spec(self, name, path=None, target=None):
        if name not in _patches:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        run = getattr(loader, "exec_module", None)
        if run is None or isinstance(loader, type):  # a class serves many modules: leave it alone
            return spec

        def exec_module(module):
            run(module)
            _apply(name, module)

        try:
            loader.exec_module = exec_module
        except (AttributeError, TypeError):
            pass
        return spec

    def invalidate_caches(self):
        pass


_finder = _AfterImport()


def after_import(name, patch):
    """Runs patch(module) once `name` is imported (at once if it already is)."""
    _patches.setdefault(name, []).append(patch)
    if _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
    module = sys.modules.get(name)
    if module is not None:
        try:
            patch(module)
        except Exception:
            pass

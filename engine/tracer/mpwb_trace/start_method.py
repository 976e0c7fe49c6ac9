# SPDX-License-Identifier: GPL-3.0-or-later
"""$MPWB_START_METHOD: the start method the script's own process uses unless the script chooses one.

It becomes the default context's default, not a choice already made: a script's own set_start_method()
then works (without force) and wins, exactly as it would on a Python whose default this method is.
"""
import os

from . import hooks

VARIABLE = "MPWB_START_METHOD"


def _patch_context(module):
    wanted = os.environ.get(VARIABLE)
    if not wanted or wanted not in module._concrete_contexts:
        return
    default = module._default_context
    if getattr(default, "_actual_context", None) is None:
        default._default_context = module._concrete_contexts[wanted]


def install():
    if os.environ.get(VARIABLE):
        hooks.after_import("multiprocessing.context", _patch_context)

# SPDX-License-Identifier: GPL-3.0-or-later
"""The workbench's tracer: loaded by sitecustomize into every Python process of a traced script's tree.

It reports facts to the runner (docs/PYTHON_RUNS.md) and must never change what the script does: nothing is
printed, no exception of ours reaches the script, and nothing the script does not use is imported.
"""
import atexit
import os

# Set by the first traced process of the tree (the script's own) and inherited by every process it starts.
ROOT_VARIABLE = "MPWB_TRACE_ROOT"


def _is_main():
    if os.environ.get(ROOT_VARIABLE):
        return False
    os.environ[ROOT_VARIABLE] = str(os.getpid())
    return True


def install(socket_path):
    from . import facts, start_method

    is_main = _is_main()
    if is_main:
        start_method.install()  # asked for the run, whether or not anyone listens
    # Without a runner to tell (gone already), the patches go in all the same: a traced parent's queues and
    # locks carry their names in their pickled state, and only a patched child can read that state.
    facts.open_socket(socket_path)
    from . import failures, pickling, pools, processes, queues, samples, shared

    processes.install(is_main)
    failures.install(is_main)
    pickling.install()
    pools.install()
    queues.install()
    shared.install()
    # Sampled totals go out at the end too: atexit in a script, the end of the bootstrap in a child.
    atexit.register(samples.flush_all)
    processes.at_child_exit.append(samples.flush_all)

// SPDX-License-Identifier: GPL-3.0-or-later
// mpwb-worker: a worker started fresh by the spawn start method, or (--fork-server) the fork server of the
// forkserver start method, whose forked children are the workers. It knows the same tasks as the host
// because it links the same exercises, the C++ counterpart of a spawned Python child re-importing the
// main module. It is handed its protocol pipes as stdin and stdout, and moves them away before anything else
// runs, so that its stdout is free for a task's stray output (it goes to stderr).
#include "catalogue.h"
#include "worker_main.h"

int main(int argc, char** argv) {
    return mpwb::runWorkerMain(argc, argv, "mpwb-worker", [] { mpwb::exerciseCatalogue(); });
}

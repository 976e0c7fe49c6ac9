// SPDX-License-Identifier: GPL-3.0-or-later
// mpwb-worker: a worker started fresh by the spawn start method. It knows the same tasks as the host
// because it links the same exercises, the C++ counterpart of a spawned Python child re-importing the
// main module. It is handed its protocol pipes as stdin and stdout, and moves them away before anything else
// runs, so that its stdout is free for a task's stray output (it goes to stderr).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "catalogue.h"
#include "worker_loop.h"

int main(int argc, char** argv) {
    int parent = -1;
    bool serve = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--serve"))
            serve = true;
        else if (!std::strcmp(argv[i], "--parent") && i + 1 < argc)
            parent = std::atoi(argv[++i]);
    }
    if (!serve) {
        std::fprintf(stderr, "mpwb-worker is started by mpwb-run for the spawn start method; "
                             "it is not meant to be run by hand.\n");
        return 2;
    }
    const auto pipes = mpwb::becomeWorker(parent, {0, 1});
    // A host that went away shows as a failed write (EPIPE), which ends the loop with a message, not as a
    // silent death by SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    mpwb::exerciseCatalogue(); // registers every exercise's tasks
    try {
        return mpwb::serveWorker(pipes);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mpwb-worker: %s\n", e.what());
        return 1;
    }
}

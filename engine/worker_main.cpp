// SPDX-License-Identifier: GPL-3.0-or-later
#include "worker_main.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <unistd.h>

#include "fork_server_loop.h"
#include "worker_loop.h"

namespace mpwb {

int runWorkerMain(int argc, char** argv, const char* program, void (*registerTasks)()) {
    int parent = -1;
    bool serve = false, forkServer = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--serve"))
            serve = true;
        else if (!std::strcmp(argv[i], "--fork-server"))
            forkServer = true;
        else if (!std::strcmp(argv[i], "--parent") && i + 1 < argc)
            parent = std::atoi(argv[++i]);
    }
    if (serve == forkServer) {
        std::fprintf(
            stderr,
            "%s is started by mpwb-run for the spawn and forkserver start methods; it is not meant to "
            "be run by hand.\n",
            program);
        return 2;
    }
    // A fork server is handed its socket as both stdin and stdout, and keeps one copy of it.
    const auto pipes = becomeWorker(parent, {0, 1});
    // A host that went away shows as a failed write (EPIPE), which ends the loop with a message, not as a
    // silent death by SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    // Registered once, before any fork: a fork server's workers are born with every task, as a Python
    // forkserver's children are born with its preloaded modules.
    registerTasks();
    try {
        if (forkServer) {
            ::close(pipes.toHost);
            return forkserver::serveForkRequests(pipes.fromHost);
        }
        return serveWorker(pipes);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", program, e.what());
        return 1;
    }
}

} // namespace mpwb

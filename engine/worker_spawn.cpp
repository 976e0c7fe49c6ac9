// SPDX-License-Identifier: GPL-3.0-or-later
// Spawning a fresh mpwb-worker with posix_spawn, which reports a failed exec (a missing or unusable program)
// as its own result instead of a child that exits at once. The pool reaps the pid itself, so forked and
// spawned workers end the same way. A fork server is started the same way, in its own mode.
#include <csignal>
#include <pthread.h>
#include <spawn.h>
#include <string>
#include <unistd.h>

#include "worker_process.h"

extern char** environ;

namespace mpwb {

// The protocol pipes become the child's stdin and stdout only for the moment of exec: mpwb-worker moves them
// away at once (becomeWorker). The child starts with SIGINT and SIGQUIT blocked, as the caller has them now.
int spawnWorkerProgram(const std::string& program, const char* mode, int fromHost, int toHost, int& pid) {
    posix_spawn_file_actions_t files;
    posix_spawnattr_t attributes;
    if (int e = posix_spawn_file_actions_init(&files)) return e;
    if (int e = posix_spawnattr_init(&attributes)) {
        posix_spawn_file_actions_destroy(&files);
        return e;
    }
    int error = posix_spawn_file_actions_adddup2(&files, fromHost, 0);
    if (!error) error = posix_spawn_file_actions_adddup2(&files, toHost, 1);
    sigset_t mask;
    pthread_sigmask(SIG_BLOCK, nullptr, &mask);
    if (!error) error = posix_spawnattr_setsigmask(&attributes, &mask);
    if (!error) error = posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
    const std::string parent = std::to_string(getpid());
    char* argv[] = {const_cast<char*>(program.c_str()), const_cast<char*>(mode),
                    const_cast<char*>("--parent"), const_cast<char*>(parent.c_str()), nullptr};
    pid_t child = -1;
    if (!error) error = posix_spawn(&child, program.c_str(), &files, &attributes, argv, environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&files);
    pid = error ? -1 : child;
    return error;
}

} // namespace mpwb

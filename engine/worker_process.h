// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One worker process of a pool: how it was started, its two pipe ends on our side, and how it ended.

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "child_process.h"
#include "executor.h"
#include "fork_server.h"

namespace mpwb {

// A worker process could not be launched. The message says what failed and what to try, in words a student
// can act on ("fork failed: Resource temporarily unavailable: the limit on processes ... try fewer workers").
class WorkerLaunchError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class WorkerProcess {
public:
    // Starts a worker by fork, by spawning `program`, or (forkserver) by asking `server` to fork one. The
    // forked child allocates nothing before its loop (see becomeWorker), so a host with threads may fork
    // too. Both ends we keep are close-on-exec and non-blocking. Throws WorkerLaunchError.
    static WorkerProcess start(StartMethod method, const std::string& program,
                               const std::shared_ptr<ForkServer>& server = nullptr);

    WorkerProcess(WorkerProcess&& other) noexcept;
    WorkerProcess& operator=(WorkerProcess&&) = delete;
    WorkerProcess(const WorkerProcess&) = delete;
    ~WorkerProcess(); // closes the pipes first, so a worker still serving sees EOF, then reaps it

    int pid() const { return served() ? m_served.pid() : m_process.pid(); }
    int pidfd() const { return served() ? m_served.pidfd() : m_process.pidfd(); }
    int toWorker() const { return m_toWorker; }
    int fromWorker() const { return m_fromWorker; }
    void closePipes();

    void kill(int signal) const { served() ? m_served.kill(signal) : m_process.kill(signal); }
    std::optional<ExitStatus> poll() { return served() ? m_served.poll() : m_process.poll(); }
    ExitStatus reap(int graceMs) { return served() ? m_served.reap(graceMs) : m_process.reap(graceMs); }
    bool reaped() const { return served() ? m_served.reaped() : m_process.reaped(); }

private:
    WorkerProcess() = default;
    bool served() const { return m_served.pid() > 0; }
    ChildProcess m_process; // forked or spawned by us
    ServedProcess m_served; // forked by a fork server
    int m_toWorker = -1;
    int m_fromWorker = -1;
};

// What went wrong and what to try, for an errno from fork, posix_spawn or a fork server's fork.
std::string describeLaunchFailure(StartMethod method, const std::string& program, int error);

// Starts `program` with `mode` (--serve, --fork-server) and `--parent` this process, with `fromHost` and
// `toHost` as its stdin and stdout for the moment of exec. Returns 0 or an errno (worker_spawn.cpp).
int spawnWorkerProgram(const std::string& program, const char* mode, int fromHost, int toHost, int& pid);

// The mpwb-worker program to spawn: the option if given, else $MPWB_WORKER, else the first that exists of
// workerProgramPlaces(), else the last of them (whose spawn then fails naming every place looked at).
std::string findWorkerProgram(const std::string& configured);

// Where a worker is looked for when none is named: next to this program (a build tree), then where the
// install puts it, relative to this program's bin/ (so an installed tree may be moved as a whole).
std::vector<std::string> workerProgramPlaces();

} // namespace mpwb

#pragma once
// One worker process of a pool: how it was started, its two pipe ends on our side, and how it ended.

#include <optional>
#include <stdexcept>
#include <string>

#include "executor.h"

namespace mpwb {

struct ExitStatus {
    bool signalled = false;
    int code = 0;                 // exit status when it exited
    int signal = 0;               // signal number when it was killed
    std::string describe() const; // "exited with status 3" / "was killed by signal 9 (Killed)"
};

// A worker process could not be launched. The message says what failed and what to try, in words a student
// can act on ("fork failed: Resource temporarily unavailable: the limit on processes ... try fewer workers").
class WorkerLaunchError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class WorkerProcess {
public:
    // Starts a worker by fork or by spawning `program`. The forked child allocates nothing before its loop
    // (see becomeWorker), so a host with threads may fork too. Both ends we keep are close-on-exec and
    // non-blocking. Throws WorkerLaunchError.
    static WorkerProcess start(StartMethod method, const std::string& program);

    WorkerProcess(WorkerProcess&& other) noexcept;
    WorkerProcess& operator=(WorkerProcess&&) = delete;
    WorkerProcess(const WorkerProcess&) = delete;
    ~WorkerProcess();

    int pid() const { return m_pid; }
    int toWorker() const { return m_toWorker; }
    int fromWorker() const { return m_fromWorker; }
    void closePipes();

    void kill(int signal) const;
    // Non-blocking: the exit status once the process has ended (and it is reaped), else nothing.
    std::optional<ExitStatus> poll();
    // Waits up to `graceMs` for it to end, then kills it with SIGKILL and reaps it.
    ExitStatus reap(int graceMs);
    bool reaped() const { return m_status.has_value(); }

private:
    WorkerProcess() = default;
    int m_pid = -1;
    int m_toWorker = -1;
    int m_fromWorker = -1;
    std::optional<ExitStatus> m_status;
};

// The mpwb-worker program to spawn: the option if given, else $MPWB_WORKER, else next to this program.
std::string findWorkerProgram(const std::string& configured);

} // namespace mpwb

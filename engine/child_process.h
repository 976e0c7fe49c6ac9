// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One child process of ours, however it was started (fork with a body, or spawn): its pid, a pidfd that a
// poll() set can watch for its end, and its reaping with a grace period before SIGKILL, waiting on the pidfd
// instead of sleeping in a loop. The pool's worker processes and the pipeline's stage processes are each one.

#include <cerrno>
#include <optional>
#include <string>
#include <system_error>
#include <unistd.h>

namespace mpwb {

struct ExitStatus {
    bool signalled = false;
    int code = 0;                 // exit status when it exited
    int signal = 0;               // signal number when it was killed
    std::string describe() const; // "exited with status 3" / "was killed by signal 9 (Killed)"
};

class ChildProcess {
public:
    ChildProcess() = default;
    // Adopts a child this process started (by fork or posix_spawn); it is ours to reap.
    explicit ChildProcess(int pid);
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess(); // kills and reaps a child still running: no zombie, no orphan

    // Forks a child that runs `body()` and exits with what it returns (66 if it throws), never returning into
    // the caller's code nor running its destructors. Throws std::system_error if fork fails.
    template <typename Body> static ChildProcess fork(Body&& body) {
        const pid_t pid = ::fork();
        if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
        if (pid == 0) {
            int code = 66;
            try {
                code = body();
            } catch (...) {
            }
            _exit(code);
        }
        return ChildProcess(pid);
    }

    int pid() const { return m_pid; }
    // Readable once the child has ended; -1 on kernels without pidfd_open (before 5.3): poll() it then.
    int pidfd() const { return m_pidfd; }
    void kill(int signal) const;
    // Non-blocking: the exit status once the child has ended (and it is reaped), else nothing.
    std::optional<ExitStatus> poll();
    // Waits up to `graceMs` for it to end, then kills it with SIGKILL; reaps it either way.
    ExitStatus reap(int graceMs);
    bool reaped() const { return m_status.has_value(); }

private:
    void release();

    int m_pid = -1;
    int m_pidfd = -1;
    std::optional<ExitStatus> m_status;
};

} // namespace mpwb

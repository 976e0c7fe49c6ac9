// SPDX-License-Identifier: GPL-3.0-or-later
#include "child_process.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>

namespace mpwb {
namespace {

int openPidfd(int pid) {
#ifdef SYS_pidfd_open
    const long fd = syscall(SYS_pidfd_open, pid, 0);
    if (fd >= 0) return static_cast<int>(fd); // close-on-exec, always
#endif
    return -1;
}

// Waits up to `ms` for the pidfd to say the child ended (or sleeps a little without one).
void waitForEnd(int pidfd, int ms) {
    if (pidfd < 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(ms < 2 ? ms : 2));
        return;
    }
    pollfd p{pidfd, POLLIN, 0};
    ::poll(&p, 1, ms);
}

} // namespace

std::string ExitStatus::describe() const {
    if (signalled) {
        const char* name = sigdescr_np(signal); // strsignal is not thread-safe
        return "was killed by signal " + std::to_string(signal) + " (" + (name ? name : "unknown") + ")";
    }
    return "exited with status " + std::to_string(code);
}

ChildProcess::ChildProcess(int pid) : m_pid(pid), m_pidfd(openPidfd(pid)) {}

ChildProcess::ChildProcess(ChildProcess&& o) noexcept
    : m_pid(o.m_pid), m_pidfd(o.m_pidfd), m_status(o.m_status) {
    o.m_pid = o.m_pidfd = -1;
    o.m_status.reset();
}

ChildProcess& ChildProcess::operator=(ChildProcess&& o) noexcept {
    if (this != &o) {
        release();
        m_pid = o.m_pid;
        m_pidfd = o.m_pidfd;
        m_status = o.m_status;
        o.m_pid = o.m_pidfd = -1;
        o.m_status.reset();
    }
    return *this;
}

ChildProcess::~ChildProcess() {
    release();
}

void ChildProcess::release() {
    if (m_pid > 0 && !m_status) reap(0);
    if (m_pidfd >= 0) ::close(m_pidfd);
    m_pid = m_pidfd = -1;
}

void ChildProcess::kill(int signal) const {
    if (m_pid > 0 && !m_status) ::kill(m_pid, signal); // never a reaped pid, which may be someone else's now
}

std::optional<ExitStatus> ChildProcess::poll() {
    if (m_status || m_pid <= 0) return m_status;
    int raw = 0;
    const pid_t r = waitpid(m_pid, &raw, WNOHANG);
    if (r == m_pid)
        m_status =
            WIFSIGNALED(raw) ? ExitStatus{true, 0, WTERMSIG(raw)} : ExitStatus{false, WEXITSTATUS(raw), 0};
    else if (r < 0 && errno == ECHILD)
        m_status = ExitStatus{false, -1, 0}; // reaped elsewhere; nothing more to learn
    return m_status;
}

ExitStatus ChildProcess::reap(int graceMs) {
    // No process (never started, or moved from): kill(-1) or kill(0) would signal every process we may.
    if (m_pid <= 0) return m_status.value_or(ExitStatus{false, -1, 0});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(graceMs);
    while (!poll()) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now())
                .count();
        if (left <= 0) break;
        waitForEnd(m_pidfd, static_cast<int>(left));
    }
    if (!poll()) {
        ::kill(m_pid, SIGKILL);
        while (!poll())
            waitForEnd(m_pidfd, 100);
    }
    return *m_status;
}

} // namespace mpwb

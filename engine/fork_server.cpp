// SPDX-License-Identifier: GPL-3.0-or-later
#include "fork_server.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "worker_process.h"

namespace mpwb {

using forkserver::Report;
using forkserver::ReportKind;

namespace {

ExitStatus fromWaitStatus(int raw) {
    return WIFSIGNALED(raw) ? ExitStatus{true, 0, WTERMSIG(raw)} : ExitStatus{false, WEXITSTATUS(raw), 0};
}

// How long to wait for a worker's end report after it was sent SIGKILL: the server reaps at once, so this is
// a bound for a server that no longer answers, not a delay anyone sees.
constexpr int kReportAfterKillMs = 2000;

} // namespace

ForkServer::ForkServer(ChildProcess process, int socket, std::string program)
    : m_process(std::move(process)), m_socket(socket), m_program(std::move(program)) {}

std::shared_ptr<ForkServer> ForkServer::start(const std::string& program) {
    int ends[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends) != 0)
        throw WorkerLaunchError(describeLaunchFailure(StartMethod::Forkserver, program, errno));
    // As for a spawned worker: terminal signals stay blocked until the server has ignored them.
    sigset_t terminal, before;
    sigemptyset(&terminal);
    sigaddset(&terminal, SIGINT);
    sigaddset(&terminal, SIGQUIT);
    pthread_sigmask(SIG_BLOCK, &terminal, &before);
    int pid = -1;
    const int error = spawnWorkerProgram(program, "--fork-server", ends[1], ends[1], pid);
    pthread_sigmask(SIG_SETMASK, &before, nullptr);
    ::close(ends[1]);
    if (error) {
        ::close(ends[0]);
        throw WorkerLaunchError(describeLaunchFailure(StartMethod::Forkserver, program, error));
    }
    return std::shared_ptr<ForkServer>(new ForkServer(ChildProcess(pid), ends[0], program));
}

ForkServer::~ForkServer() {
    stop(false);
}

void ForkServer::stop(bool gracefully) {
    if (m_socket >= 0) ::close(m_socket);
    m_socket = -1;
    if (!gracefully) m_process.kill(SIGKILL);
    if (m_process.pid() > 0) m_process.reap(gracefully ? 1000 : 0);
    m_gone = true;
}

std::string ForkServer::describeEnd() {
    if (!m_gone) return "";
    const auto status = m_process.reap(0);
    return "the fork server (pid " + std::to_string(m_process.pid()) + ") " + status.describe();
}

bool ForkServer::readReport(int ms, Report& report, int& fd) {
    fd = -1;
    if (m_gone) return false;
    pollfd p{m_socket, POLLIN, 0};
    if (::poll(&p, 1, ms) <= 0) return false;
    const ssize_t n =
        forkserver::receiveWithDescriptors(m_socket, &report, sizeof report, &fd, 1, MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return false;
    if (n != static_cast<ssize_t>(sizeof report)) {
        // Closed (or garbled, which only a broken server sends): either way it serves no more.
        m_gone = true;
        ::close(m_socket);
        m_socket = -1;
        if (fd >= 0) ::close(fd);
        fd = -1;
        return false;
    }
    return true;
}

void ForkServer::keep(const Report& report) {
    if (report.kind == ReportKind::Hello) m_hello = true;
    if (report.kind == ReportKind::Ended) m_ended[report.pid] = fromWaitStatus(report.value);
}

ServedProcess ForkServer::forkWorker(int fromHost, int toHost, int timeoutMs) {
    auto goneError = [&] {
        return WorkerLaunchError(describeEnd() +
                                 (m_hello ? " while it was forking a worker"
                                          : " before it was ready; check that '" + m_program +
                                                "' is the mpwb-worker of this build (set MPWB_WORKER to its "
                                                "path); its own message, if any, is on stderr"));
    };
    if (m_gone) throw goneError();
    const char kind = forkserver::kWorkerRequest;
    const int fds[2] = {fromHost, toHost};
    const int sendError = forkserver::sendWithDescriptors(m_socket, &kind, 1, fds, 2);
    if (sendError) {
        if (sendError != EPIPE && sendError != ECONNRESET)
            throw WorkerLaunchError("could not ask the fork server for a worker: " +
                                    std::generic_category().message(sendError));
        stop(true);
        throw goneError();
    }
    const auto deadline = monotonicNs() + std::int64_t(timeoutMs) * 1'000'000;
    for (;;) {
        const auto left = (deadline - monotonicNs()) / 1'000'000;
        if (left <= 0)
            throw WorkerLaunchError("the fork server (pid " + std::to_string(pid()) +
                                    ") did not answer within " + std::to_string(timeoutMs / 1000) +
                                    " s; the machine may be overloaded");
        Report report;
        int fd = -1;
        if (!readReport(static_cast<int>(left), report, fd)) {
            if (m_gone) {
                stop(true);
                throw goneError();
            }
            continue;
        }
        if (report.kind != ReportKind::Forked) {
            keep(report);
            if (fd >= 0) ::close(fd);
            continue;
        }
        if (report.pid <= 0) {
            if (fd >= 0) ::close(fd);
            throw WorkerLaunchError(describeLaunchFailure(StartMethod::Forkserver, m_program, report.value));
        }
        return ServedProcess(shared_from_this(), report.pid, fd);
    }
}

std::optional<ExitStatus> ForkServer::endOf(int pid) {
    Report report;
    int fd = -1;
    while (readReport(0, report, fd)) {
        keep(report);
        if (fd >= 0) ::close(fd);
    }
    const auto it = m_ended.find(pid);
    if (it == m_ended.end()) return std::nullopt;
    const auto status = it->second;
    m_ended.erase(it);
    return status;
}

void ForkServer::awaitReports(int ms) {
    Report report;
    int fd = -1;
    if (readReport(ms, report, fd)) {
        keep(report);
        if (fd >= 0) ::close(fd);
    }
}

ServedProcess::ServedProcess(std::shared_ptr<ForkServer> server, int pid, int pidfd)
    : m_server(std::move(server)), m_pid(pid), m_pidfd(pidfd) {}

ServedProcess::ServedProcess(ServedProcess&& o) noexcept
    : m_server(std::move(o.m_server)), m_pid(o.m_pid), m_pidfd(o.m_pidfd), m_status(o.m_status) {
    o.m_pid = o.m_pidfd = -1;
    o.m_status.reset();
}

ServedProcess& ServedProcess::operator=(ServedProcess&& o) noexcept {
    if (this != &o) {
        release();
        m_server = std::move(o.m_server);
        m_pid = o.m_pid;
        m_pidfd = o.m_pidfd;
        m_status = o.m_status;
        o.m_pid = o.m_pidfd = -1;
        o.m_status.reset();
    }
    return *this;
}

ServedProcess::~ServedProcess() {
    release();
}

void ServedProcess::release() {
    if (m_pid > 0 && !m_status) reap(0);
    if (m_pidfd >= 0) ::close(m_pidfd);
    m_pid = m_pidfd = -1;
    m_server.reset();
}

void ServedProcess::kill(int signal) const {
    if (m_pid <= 0 || m_status) return;
#ifdef SYS_pidfd_send_signal
    if (m_pidfd >= 0) {
        syscall(SYS_pidfd_send_signal, m_pidfd, signal, nullptr, 0);
        return;
    }
#endif
    // No pidfd: the pid is still this worker's while the server has not reported its end.
    if (!m_server->gone()) ::kill(m_pid, signal);
}

std::optional<ExitStatus> ServedProcess::poll() {
    if (m_status || m_pid <= 0) return m_status;
    m_status = m_server->endOf(m_pid);
    // A server that died took its workers with it: the kernel sent them SIGKILL (PR_SET_PDEATHSIG).
    if (!m_status && m_server->gone()) {
        pollfd p{m_pidfd, POLLIN, 0};
        if (m_pidfd < 0 || ::poll(&p, 1, 0) > 0) m_status = ExitStatus{true, 0, SIGKILL};
    }
    return m_status;
}

ExitStatus ServedProcess::reap(int graceMs) {
    auto waitUntil = [&](std::int64_t deadline) {
        while (!poll()) {
            const auto left = (deadline - monotonicNs()) / 1'000'000;
            if (left <= 0) return false;
            if (m_server->gone()) { // nothing will report: watch the worker itself
                pollfd p{m_pidfd, POLLIN, 0};
                ::poll(&p, 1, static_cast<int>(std::min<std::int64_t>(left, 100)));
            } else {
                m_server->awaitReports(static_cast<int>(std::min<std::int64_t>(left, 100)));
            }
        }
        return true;
    };
    if (!waitUntil(monotonicNs() + std::int64_t(graceMs) * 1'000'000)) {
        kill(SIGKILL);
        if (!waitUntil(monotonicNs() + std::int64_t(kReportAfterKillMs) * 1'000'000))
            m_status = ExitStatus{true, 0, SIGKILL}; // sent, and the server is too stuck to say more
    }
    return *m_status;
}

} // namespace mpwb

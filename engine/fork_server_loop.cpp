// SPDX-License-Identifier: GPL-3.0-or-later
#include "fork_server_loop.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <poll.h>
#include <pthread.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "worker_loop.h"

namespace mpwb::forkserver {
namespace {

// Sends one report, with `fd` attached when it is not -1. False once the host is gone.
bool sendReport(int socket, Report report, int fd = -1) {
    return sendWithDescriptors(socket, &report, sizeof report, &fd, fd >= 0 ? 1 : 0) == 0;
}

int openPidfd(pid_t pid) {
#ifdef SYS_pidfd_open
    return static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
#else
    return -1;
#endif
}

// Reports every worker that has ended. Only this loop reaps, so a pid reported here is never reused before
// the host has read that it ended.
bool reportEnded(int socket) {
    for (;;) {
        int status = 0;
        const pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid <= 0) return true;
        if (!sendReport(socket, {ReportKind::Ended, pid, status})) return false;
    }
}

// Forks one worker serving on the two ends a request carried. False once the host is gone.
bool forkWorker(int socket, int fromHost, int toHost, const sigset_t& workerMask) {
    const pid_t server = getpid();
    const pid_t pid = fork();
    if (pid == 0) {
        // The worker: SIGCHLD back to normal; becomeWorker closes the server's socket and signalfd.
        pthread_sigmask(SIG_SETMASK, &workerMask, nullptr);
        int code = 66;
        try {
            code = serveWorker(becomeWorker(server, {fromHost, toHost}));
        } catch (...) {
        }
        _exit(code);
    }
    const int error = pid < 0 ? errno : 0;
    ::close(fromHost);
    ::close(toHost);
    if (pid < 0) return sendReport(socket, {ReportKind::Forked, 0, error});
    // Made before this loop can reap the worker, so it names this worker even if it has already ended.
    const int pidfd = openPidfd(pid);
    const bool sent = sendReport(socket, {ReportKind::Forked, pid, 0}, pidfd);
    if (pidfd >= 0) ::close(pidfd);
    return sent;
}

// Reads one request. Returns false when the host has closed its end (or sent something impossible).
bool takeRequest(int socket, const sigset_t& workerMask) {
    char kind = 0;
    int fds[2] = {-1, -1};
    ssize_t n = -1;
    do
        n = receiveWithDescriptors(socket, &kind, 1, fds, 2, 0);
    while (n < 0 && errno == EINTR);
    if (n <= 0) return false;
    if (kind != kWorkerRequest || fds[0] < 0 || fds[1] < 0) {
        if (fds[0] >= 0) ::close(fds[0]);
        if (fds[1] >= 0) ::close(fds[1]);
        return sendReport(socket, {ReportKind::Forked, 0, EBADMSG});
    }
    return forkWorker(socket, fds[0], fds[1], workerMask);
}

} // namespace

int sendWithDescriptors(int socket, const void* data, std::size_t size, const int* fds, int count) {
    iovec part{const_cast<void*>(data), size};
    msghdr message{};
    message.msg_iov = &part;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(2 * sizeof(int))] = {};
    if (count > 0) {
        message.msg_control = control;
        message.msg_controllen = CMSG_SPACE(count * sizeof(int));
        cmsghdr* c = CMSG_FIRSTHDR(&message);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(count * sizeof(int));
        std::memcpy(CMSG_DATA(c), fds, count * sizeof(int));
    }
    for (;;) {
        if (sendmsg(socket, &message, MSG_NOSIGNAL) >= 0) return 0;
        if (errno != EINTR) return errno;
    }
}

ssize_t receiveWithDescriptors(int socket, void* data, std::size_t size, int* fds, int count, int flags) {
    iovec part{data, size};
    msghdr message{};
    message.msg_iov = &part;
    message.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(2 * sizeof(int))] = {};
    message.msg_control = control;
    message.msg_controllen = CMSG_SPACE(count * sizeof(int));
    for (int i = 0; i < count; ++i)
        fds[i] = -1;
    const ssize_t n = recvmsg(socket, &message, flags | MSG_CMSG_CLOEXEC);
    if (n < 0) return n;
    for (cmsghdr* c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        const auto got = static_cast<int>((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        int* received = reinterpret_cast<int*>(CMSG_DATA(c));
        for (int i = 0; i < got; ++i) {
            int fd = -1;
            std::memcpy(&fd, received + i, sizeof fd);
            if (i < count && fds[i] < 0)
                fds[i] = fd;
            else
                ::close(fd); // more than asked for: not ours to keep
        }
    }
    // Descriptors cut off (the receiver's limit on open files) make the set incomplete: none is kept.
    if (message.msg_flags & MSG_CTRUNC)
        for (int i = 0; i < count; ++i)
            if (fds[i] >= 0) {
                ::close(fds[i]);
                fds[i] = -1;
            }
    return n;
}

int serveForkRequests(int socket) {
    // SIGCHLD arrives as a readable descriptor, so one poll() waits for requests and ended workers alike.
    sigset_t chld, workerMask;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    pthread_sigmask(SIG_BLOCK, &chld, &workerMask);
    const int ended = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
    if (ended < 0) return 72;
    if (!sendReport(socket, {ReportKind::Hello, static_cast<std::int32_t>(getpid()), 0})) return 0;
    for (;;) {
        pollfd p[2] = {{socket, POLLIN, 0}, {ended, POLLIN, 0}};
        if (::poll(p, 2, -1) < 0 && errno != EINTR) return 73;
        if (p[1].revents) {
            signalfd_siginfo info[8];
            while (::read(ended, info, sizeof info) > 0) {
            }
            if (!reportEnded(socket)) return 0;
        }
        if (p[0].revents && !takeRequest(socket, workerMask)) return 0; // the host is gone: so are we
    }
}

} // namespace mpwb::forkserver

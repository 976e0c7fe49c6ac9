// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The server side of the forkserver start method: a fresh mpwb-worker, single-threaded by construction, that
// forks one worker per request of its host and tells the host how each of them ended.
//
// Host and server share one Unix SOCK_SEQPACKET socket, one message per datagram:
//   host -> server: a request, one byte 'w', carrying (SCM_RIGHTS) the worker's two pipe ends: from the host,
//                   to the host. The server closes its copies once the worker is forked.
//   server -> host: Report {i32 kind, i32 pid, i32 value}
//                   Hello  (pid = the server's, value 0): its tasks are registered, it takes requests;
//                   Forked (pid = the worker's, or 0 with value = the errno of the failed fork), carrying a
//                          pidfd of the worker when it could make one: the host signals and watches the
//                          worker through it, never by a pid that may have been reused;
//                   Ended  (pid, value = the wait status) once the server has reaped that worker.
// The server ends when the host closes its end; its workers die with it (PR_SET_PDEATHSIG).

#include <cstddef>
#include <cstdint>
#include <sys/types.h>

namespace mpwb::forkserver {

enum class ReportKind : std::int32_t { Hello = 1, Forked = 2, Ended = 3 };

struct Report {
    ReportKind kind{};
    std::int32_t pid = 0;
    std::int32_t value = 0;
};

inline constexpr char kWorkerRequest = 'w';

// One datagram of `size` bytes carrying the `count` (at most 2) descriptors of `fds` (SCM_RIGHTS). Returns
// 0 or an errno (EPIPE once the other side is gone).
int sendWithDescriptors(int socket, const void* data, std::size_t size, const int* fds, int count);

// Receives one datagram into `data` and up to `count` (at most 2) descriptors into `fds`, close-on-exec;
// the slots of descriptors that did not come (or did not fit) are -1. Returns recvmsg's result.
ssize_t receiveWithDescriptors(int socket, void* data, std::size_t size, int* fds, int count, int flags);

// Serves requests on `socket` until the host closes it. Each forked worker runs becomeWorker and
// serveWorker, as a forked or spawned one does. Returns the process exit status.
int serveForkRequests(int socket);

} // namespace mpwb::forkserver

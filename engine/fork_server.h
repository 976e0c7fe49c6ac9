// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The host's side of the forkserver start method. A pool that starts its workers this way first starts one
// fork server: a fresh mpwb-worker in server mode, single-threaded because it was just exec'd, with every
// task registered. Each worker is then a fork of that server, not of the host: cheap to make, and free of
// whatever the host holds (threads, locks, memory). The server reaps its workers and reports how they
// ended, so a pool tells a served worker's death exactly as it tells a forked one's.
//
// Nothing of it outlives its pool: the server is killed and reaped with the pool, it dies with the host
// (PR_SET_PDEATHSIG), and its workers die with it.

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "child_process.h"
#include "fork_server_loop.h"

namespace mpwb {

class ServedProcess;

class ForkServer : public std::enable_shared_from_this<ForkServer> {
public:
    // Starts `program` as a fork server; it is ready once it has said hello (ready()). Throws
    // WorkerLaunchError naming the program.
    static std::shared_ptr<ForkServer> start(const std::string& program);
    ~ForkServer(); // stop(false)
    ForkServer(const ForkServer&) = delete;
    ForkServer& operator=(const ForkServer&) = delete;

    int pid() const { return m_process.pid(); }
    const std::string& program() const { return m_program; }

    // Has the server fork one worker serving on these pipe ends (the caller still closes its own copies).
    // Waits at most `timeoutMs`. Throws WorkerLaunchError: the fork failed (with what to try), or the server
    // is gone (with how it ended).
    ServedProcess forkWorker(int fromHost, int toHost, int timeoutMs);

    // How `pid` ended, as the server reported it; reads the reports already waiting, without blocking.
    std::optional<ExitStatus> endOf(int pid);
    // Waits up to `ms` for the next report (or the server's end), and reads what came.
    void awaitReports(int ms);
    // It has said hello: its tasks are registered, and a request is answered at once.
    bool ready() const { return m_hello; }
    // The server has ended: its workers died with it.
    bool gone() const { return m_gone; }
    // "the fork server (pid N) was killed by signal 9 (Killed)", once it is gone; "" before.
    std::string describeEnd();

    // Closes our end, so that the server exits, and reaps it: at once (SIGKILL) unless `gracefully`, when it
    // gets a second to finish first.
    void stop(bool gracefully);

private:
    ForkServer(ChildProcess process, int socket, std::string program);
    // Reads one report if one is waiting (or waits up to `ms` for it); false if none came.
    bool readReport(int ms, forkserver::Report& report, int& fd);
    void keep(const forkserver::Report& report);

    ChildProcess m_process;
    int m_socket = -1;
    std::string m_program;
    std::map<int, ExitStatus> m_ended; // reported by the server, not yet asked for
    bool m_hello = false;
    bool m_gone = false;
};

// A worker forked by a fork server: a grandchild of the host, which cannot wait for it itself. It is watched
// and signalled through a pidfd the server made for it, and its end is learnt from the server's report. The
// same operations as a ChildProcess, so a pool treats both alike.
class ServedProcess {
public:
    ServedProcess() = default;
    ServedProcess(std::shared_ptr<ForkServer> server, int pid, int pidfd);
    ServedProcess(ServedProcess&& other) noexcept;
    ServedProcess& operator=(ServedProcess&& other) noexcept;
    ServedProcess(const ServedProcess&) = delete;
    ServedProcess& operator=(const ServedProcess&) = delete;
    ~ServedProcess(); // kills it and waits for its end, as ChildProcess's does

    int pid() const { return m_pid; }
    int pidfd() const { return m_pidfd; }
    void kill(int signal) const;
    std::optional<ExitStatus> poll();
    ExitStatus reap(int graceMs);
    bool reaped() const { return m_status.has_value(); }

private:
    void release();

    std::shared_ptr<ForkServer> m_server;
    int m_pid = -1;
    int m_pidfd = -1;
    std::optional<ExitStatus> m_status;
};

} // namespace mpwb

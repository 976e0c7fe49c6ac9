// SPDX-License-Identifier: GPL-3.0-or-later
#include "worker_process.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <pthread.h>
#include <stdexcept>
#include <unistd.h>
#include <vector>

#include "worker_loop.h"

namespace mpwb {

namespace {

void makePipe(int fds[2]) {
    if (pipe2(fds, O_CLOEXEC) == 0) return;
    const int error = errno;
    throw WorkerLaunchError(std::string("could not create a pipe for a worker: ") +
                            std::generic_category().message(error) +
                            (error == EMFILE || error == ENFILE
                                 ? "; the limit on open files (ulimit -n) is reached: try fewer workers"
                                 : ""));
}

// A fork server answers a request in a millisecond; this bounds a server that stopped answering.
constexpr int kServerAnswerMs = 15000;

void setNonBlocking(int fd) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// The default 64 KiB pipe makes a chunk of megabytes cross in many small steps, each a wake-up of both
// sides; 1 MiB (the unprivileged maximum) cuts those steps sixteenfold. Failing to enlarge it is harmless.
void enlargePipe(int fd) {
    fcntl(fd, F_SETPIPE_SZ, 1 << 20);
}

} // namespace

std::string describeLaunchFailure(StartMethod method, const std::string& program, int error) {
    const std::string how = method == StartMethod::Fork    ? "fork failed: "
                            : method == StartMethod::Spawn ? "spawning '" + program + "' failed: "
                                                           : "the fork server could not fork a worker: ";
    std::string what = how + std::generic_category().message(error);
    switch (error) {
    case EAGAIN:
    case ENOMEM:
        return what +
               "; the limit on processes (ulimit -u) or memory may be reached: try fewer workers, or end "
               "other processes";
    case ENOENT: {
        const auto places = workerProgramPlaces();
        return "the worker program '" + program +
               "' does not exist (looked for it in $MPWB_WORKER, then at " + places.front() + ", then at " +
               places.back() + "): build mpwb-worker, set MPWB_WORKER to its path, or use --start fork";
    }
    case EACCES:
    case EPERM:
        return "the worker program '" + program +
               "' cannot be run (permission denied): make it executable (chmod +x) or set MPWB_WORKER to "
               "mpwb-worker's path";
    case ENOEXEC:
        return "the worker program '" + program +
               "' is not a program this system can run: set MPWB_WORKER to mpwb-worker's path";
    default:
        return what;
    }
}

WorkerProcess WorkerProcess::start(StartMethod method, const std::string& program,
                                   const std::shared_ptr<ForkServer>& server) {
    int down[2], up[2]; // down: host -> worker, up: worker -> host
    makePipe(down);
    try {
        makePipe(up);
    } catch (...) {
        ::close(down[0]);
        ::close(down[1]);
        throw;
    }
    enlargePipe(down[1]);
    enlargePipe(up[1]);
    // Terminal signals stay blocked from here until the child ignores them (see becomeWorker); our own
    // pending ones arrive once the mask is restored.
    sigset_t terminal, before;
    sigemptyset(&terminal);
    sigaddset(&terminal, SIGINT);
    sigaddset(&terminal, SIGQUIT);
    pthread_sigmask(SIG_BLOCK, &terminal, &before);
    WorkerProcess w;
    int error = 0;
    if (method == StartMethod::Fork) {
        const int parent = getpid();
        try {
            w.m_process = ChildProcess::fork([&] {
                return serveWorker(becomeWorker(parent, {down[0], up[1]}));
            });
        } catch (const std::system_error& e) {
            error = e.code().value();
        }
    } else if (method == StartMethod::Spawn) {
        int pid = -1;
        error = spawnWorkerProgram(program, "--serve", down[0], up[1], pid);
        if (!error) w.m_process = ChildProcess(pid);
    }
    pthread_sigmask(SIG_SETMASK, &before, nullptr);
    std::string served; // why the fork server gave no worker
    if (method == StartMethod::Forkserver) {
        try {
            if (!server) throw WorkerLaunchError("no fork server was started");
            w.m_served = server->forkWorker(down[0], up[1], kServerAnswerMs);
        } catch (const WorkerLaunchError& e) {
            served = e.what();
        }
    }
    ::close(down[0]);
    ::close(up[1]);
    if (error || !served.empty()) {
        ::close(down[1]);
        ::close(up[0]);
        throw WorkerLaunchError(error ? describeLaunchFailure(method, program, error) : served);
    }
    w.m_toWorker = down[1];
    w.m_fromWorker = up[0];
    setNonBlocking(w.m_toWorker);
    setNonBlocking(w.m_fromWorker);
    return w;
}

WorkerProcess::WorkerProcess(WorkerProcess&& o) noexcept
    : m_process(std::move(o.m_process)), m_served(std::move(o.m_served)), m_toWorker(o.m_toWorker),
      m_fromWorker(o.m_fromWorker) {
    o.m_toWorker = o.m_fromWorker = -1;
}

WorkerProcess::~WorkerProcess() {
    closePipes(); // before m_process's destructor reaps it
}

void WorkerProcess::closePipes() {
    if (m_toWorker >= 0) ::close(m_toWorker);
    if (m_fromWorker >= 0) ::close(m_fromWorker);
    m_toWorker = m_fromWorker = -1;
}

std::vector<std::string> workerProgramPlaces() {
    std::error_code ec;
    const auto bin = std::filesystem::read_symlink("/proc/self/exe", ec).parent_path();
    // MPWB_WORKER_FROM_BIN: the installed worker seen from the installed bin/ (engine/CMakeLists.txt).
    return {(bin / "mpwb-worker").string(), (bin / MPWB_WORKER_FROM_BIN).lexically_normal().string()};
}

std::string findWorkerProgram(const std::string& configured) {
    if (!configured.empty()) return configured;
    // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing sets the environment once threads run
    if (const char* env = std::getenv("MPWB_WORKER"); env && *env) return env;
    const auto places = workerProgramPlaces();
    for (const auto& place : places) {
        std::error_code ec;
        if (std::filesystem::exists(place, ec)) return place;
    }
    return places.back(); // spawning it fails with ENOENT, whose message names every place looked at
}

} // namespace mpwb

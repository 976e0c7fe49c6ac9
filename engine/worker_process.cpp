#include "worker_process.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <pthread.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "worker_loop.h"

namespace mpwb {

// worker_spawn.cpp: starts `program` serving on `fromHost`/`toHost`; returns 0 or an errno.
int spawnWorkerProgram(const std::string& program, int fromHost, int toHost, int& pid);

namespace {

void makePipe(int fds[2]) {
    if (pipe2(fds, O_CLOEXEC) == 0) return;
    const int error = errno;
    throw WorkerLaunchError(std::string("could not create a pipe for a worker: ") + std::strerror(error) +
                            (error == EMFILE || error == ENFILE
                                 ? "; the limit on open files (ulimit -n) is reached: try fewer workers"
                                 : ""));
}

void setNonBlocking(int fd) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// The default 64 KiB pipe makes a chunk of megabytes cross in many small steps, each a wake-up of both
// sides; 1 MiB (the unprivileged maximum) cuts those steps sixteenfold. Failing to enlarge it is harmless.
void enlargePipe(int fd) {
    fcntl(fd, F_SETPIPE_SZ, 1 << 20);
}

// What went wrong and what to try, for an errno from fork or posix_spawn.
std::string launchFailure(StartMethod method, const std::string& program, int error) {
    const std::string how =
        method == StartMethod::Fork ? "fork failed: " : "spawning '" + program + "' failed: ";
    const std::string what = how + std::strerror(error);
    switch (error) {
    case EAGAIN:
    case ENOMEM:
        return what +
               "; the limit on processes (ulimit -u) or memory may be reached: try fewer workers, or end "
               "other processes";
    case ENOENT:
        return "the worker program '" + program +
               "' does not exist: build mpwb-worker, set MPWB_WORKER to its path, or use --start fork";
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

} // namespace

std::string ExitStatus::describe() const {
    if (signalled) {
        const char* name = strsignal(signal);
        return "was killed by signal " + std::to_string(signal) + " (" + (name ? name : "unknown") + ")";
    }
    return "exited with status " + std::to_string(code);
}

WorkerProcess WorkerProcess::start(StartMethod method, const std::string& program) {
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
        const pid_t pid = fork();
        if (pid == 0) {
            const auto pipes = becomeWorker(parent, {down[0], up[1]});
            int status = 66;
            try {
                status = serveWorker(pipes);
            } catch (...) {
            }
            _exit(status); // never run the parent's exit handlers or destructors twice
        }
        w.m_pid = pid;
        error = pid < 0 ? errno : 0;
    } else {
        error = spawnWorkerProgram(program, down[0], up[1], w.m_pid);
    }
    pthread_sigmask(SIG_SETMASK, &before, nullptr);
    ::close(down[0]);
    ::close(up[1]);
    if (error) {
        ::close(down[1]);
        ::close(up[0]);
        w.m_pid = -1;
        throw WorkerLaunchError(launchFailure(method, program, error));
    }
    w.m_toWorker = down[1];
    w.m_fromWorker = up[0];
    setNonBlocking(w.m_toWorker);
    setNonBlocking(w.m_fromWorker);
    return w;
}

WorkerProcess::WorkerProcess(WorkerProcess&& o) noexcept
    : m_pid(o.m_pid), m_toWorker(o.m_toWorker), m_fromWorker(o.m_fromWorker), m_status(o.m_status) {
    o.m_pid = -1;
    o.m_toWorker = o.m_fromWorker = -1;
}

WorkerProcess::~WorkerProcess() {
    closePipes();
    if (m_pid > 0 && !m_status) reap(0);
}

void WorkerProcess::closePipes() {
    if (m_toWorker >= 0) ::close(m_toWorker);
    if (m_fromWorker >= 0) ::close(m_fromWorker);
    m_toWorker = m_fromWorker = -1;
}

void WorkerProcess::kill(int signal) const {
    if (m_pid > 0 && !m_status) ::kill(m_pid, signal);
}

std::optional<ExitStatus> WorkerProcess::poll() {
    if (m_status || m_pid <= 0) return m_status;
    int raw = 0;
    const pid_t r = waitpid(m_pid, &raw, WNOHANG);
    if (r == m_pid) {
        m_status =
            WIFSIGNALED(raw) ? ExitStatus{true, 0, WTERMSIG(raw)} : ExitStatus{false, WEXITSTATUS(raw), 0};
    } else if (r < 0 && errno == ECHILD) {
        m_status = ExitStatus{false, -1, 0}; // someone else reaped it; nothing more to learn
    }
    return m_status;
}

ExitStatus WorkerProcess::reap(int graceMs) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(graceMs);
    while (!poll() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (!poll()) {
        ::kill(m_pid, SIGKILL);
        while (!poll())
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return *m_status;
}

std::string findWorkerProgram(const std::string& configured) {
    if (!configured.empty()) return configured;
    if (const char* env = std::getenv("MPWB_WORKER"); env && *env) return env;
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return (self.parent_path() / "mpwb-worker").string();
}

} // namespace mpwb

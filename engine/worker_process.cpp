#include "worker_process.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "worker_loop.h"

namespace mpwb {

int spawnWorkerProgram(const std::string& program, int childStdin, int childStdout); // worker_spawn.cpp

namespace {

void makePipe(int fds[2]) {
    if (pipe2(fds, O_CLOEXEC) != 0)
        throw std::runtime_error(std::string("could not create a pipe for a worker: ") +
                                 std::strerror(errno));
}

void setNonBlocking(int fd) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// The default 64 KiB pipe makes a chunk of megabytes cross in many small steps, each a wake-up of both
// sides; 1 MiB (the unprivileged maximum) cuts those steps sixteenfold. Failing to enlarge it is harmless.
void enlargePipe(int fd) {
    fcntl(fd, F_SETPIPE_SZ, 1 << 20);
}

// A forked child must not keep other workers' pipe ends open, or those workers would never see EOF.
void closeInheritedDescriptors(int keepA, int keepB) {
    std::vector<int> open; // listed first: closing while iterating would close the listing's own descriptor
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
        open.push_back(std::atoi(entry.path().filename().c_str()));
    for (int fd : open)
        if (fd > 2 && fd != keepA && fd != keepB) ::close(fd);
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
    WorkerProcess w;
    if (method == StartMethod::Fork) {
        const int parent = getpid();
        const pid_t pid = fork();
        if (pid < 0) {
            for (int fd : {down[0], down[1], up[0], up[1]})
                ::close(fd);
            throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
        }
        if (pid == 0) {
            dieWithParent(parent);
            closeInheritedDescriptors(down[0], up[1]);
            int status = 66;
            try {
                status = serveWorker(down[0], up[1]);
            } catch (...) {
            }
            _exit(status); // never run the parent's exit handlers or destructors twice
        }
        w.m_pid = pid;
    } else {
        try {
            w.m_pid = spawnWorkerProgram(program, down[0], up[1]);
        } catch (...) {
            for (int fd : {down[0], down[1], up[0], up[1]})
                ::close(fd);
            throw;
        }
    }
    ::close(down[0]);
    ::close(up[1]);
    w.m_toWorker = down[1];
    w.m_fromWorker = up[0];
    setNonBlocking(w.m_toWorker);
    setNonBlocking(w.m_fromWorker);
    // A worker that dies would otherwise kill us with SIGPIPE on the next write.
    std::signal(SIGPIPE, SIG_IGN);
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

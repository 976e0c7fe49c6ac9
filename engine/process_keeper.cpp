// SPDX-License-Identifier: GPL-3.0-or-later
#include "process_keeper.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <set>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

#include "clock.h"
#include "process_tree.h"

namespace mpwb {

namespace {

constexpr int kControlFd = 3, kStatusFd = 4;
constexpr int kLeftBehindGraceMs = 500, kTermGraceMs = 1000, kKillLimitMs = 10'000;

// A pipe whose ends sit at 10 or above, close-on-exec: posix_spawn's dup2 onto 1..4 then never meets an end
// that already has that number (where dup2 would do nothing and leave close-on-exec set).
void highPipe(int ends[2]) {
    int raw[2];
    if (pipe2(raw, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
    for (int i = 0; i < 2; ++i) {
        ends[i] = fcntl(raw[i], F_DUPFD_CLOEXEC, 10);
        ::close(raw[i]);
        if (ends[i] < 0) throw std::system_error(errno, std::generic_category(), "fcntl");
    }
}

std::string ownProgram() {
    char buf[4096];
    const auto n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) throw std::system_error(errno, std::generic_category(), "readlink /proc/self/exe");
    return std::string(buf, static_cast<std::size_t>(n));
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    out.reserve(strings.size() + 1);
    for (auto& s : strings)
        out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

} // namespace

Keeper::Keeper(const KeeperLaunch& launch) {
    int out[2], err[2], control[2], status[2];
    highPipe(out);
    highPipe(err);
    highPipe(control);
    highPipe(status);
    std::vector<std::string> argv{"mpwb-run", kKeeperFlag, std::to_string(getpid()), launch.tempDir};
    argv.insert(argv.end(), launch.command.begin(), launch.command.end());
    auto env = launch.environment;
    auto argvP = pointers(argv), envP = pointers(env);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    posix_spawn_file_actions_adddup2(&actions, control[0], kControlFd);
    posix_spawn_file_actions_adddup2(&actions, status[1], kStatusFd);
    const auto program = ownProgram();
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argvP.data(), envP.data());
    posix_spawn_file_actions_destroy(&actions);
    for (int fd : {out[1], err[1], control[0], status[1]})
        ::close(fd);
    if (rc != 0) {
        for (int fd : {out[0], err[0], control[1], status[0]})
            ::close(fd);
        throw std::system_error(rc, std::generic_category(), "starting the process keeper " + program);
    }
    m_pid = pid;
    m_out = out[0];
    m_err = err[0];
    m_control = control[1];
    m_status = status[0];
}

Keeper::~Keeper() {
    stop();
    reap();
    for (int fd : {m_out, m_err, m_status, m_control})
        if (fd >= 0) ::close(fd);
}

void Keeper::stop() const {
    if (m_control < 0) return;
    const char c = 'c';
    [[maybe_unused]] const auto n = ::write(m_control, &c, 1); // EPIPE: it has gone already
}

void Keeper::reap() {
    if (m_reaped || m_pid <= 0) return;
    int status = 0;
    while (waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_reaped = true;
}

// ---- the keeper's side: single-threaded, so anything goes after its own fork ----

namespace {

void say(const std::string& line) {
    const auto text = line + "\n";
    [[maybe_unused]] const auto n = ::write(kStatusFd, text.data(), text.size());
}

struct Tree {
    int python = -1;
    bool pythonReaped = false;
    int signalFd = -1;

    // Reaps whatever has ended; reports the script's own process.
    void reapAll() {
        for (;;) {
            int status = 0;
            const pid_t pid = waitpid(-1, &status, WNOHANG);
            if (pid <= 0) return;
            if (pid == python && !pythonReaped) {
                pythonReaped = true;
                say("exited " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : 0) + " " +
                    std::to_string(WIFSIGNALED(status) ? WTERMSIG(status) : 0));
            }
        }
    }
    std::vector<int> living() const { return descendantsOf(getpid(), readProcessTable()); }
    // Waits for a signal (a child ended) or the time, whichever first.
    void nap(int ms) const {
        pollfd p{signalFd, POLLIN, 0};
        if (poll(&p, 1, ms) > 0) {
            signalfd_siginfo info;
            [[maybe_unused]] const auto n = ::read(signalFd, &info, sizeof info);
        }
    }
    // Waits up to ms for the tree to empty, reaping; the processes still there.
    std::vector<int> waitEmpty(int ms, int signal) {
        const auto until = monotonicNs() + ms * 1'000'000LL;
        std::set<int> signalled;
        for (;;) {
            reapAll();
            auto left = living();
            if (signal)
                for (int pid : left)
                    if (signalled.insert(pid).second) ::kill(pid, signal); // newcomers get it too
            if (left.empty() || monotonicNs() >= until) return left;
            nap(10);
        }
    }
    void end() {
        if (python > 0) ::kill(-python, SIGTERM); // its group first, then everyone the walk finds
        if (waitEmpty(kTermGraceMs, SIGTERM).empty()) return;
        const auto until = monotonicNs() + kKillLimitMs * 1'000'000LL;
        while (monotonicNs() < until) {
            reapAll();
            const auto left = living();
            if (left.empty()) return;
            for (int pid : left)
                ::kill(pid, SIGKILL);
            nap(5);
        }
    }
};

void unlinkSegments(const std::string& dir) {
    std::ifstream in(dir + "/segments");
    std::string name;
    while (std::getline(in, name)) {
        // Only a plain name of /dev/shm: one leading '/', no other, nothing that climbs out.
        if (name.size() < 2 || name[0] != '/' || name.find('/', 1) != std::string::npos || name == "/." ||
            name == "/..")
            continue;
        if (::unlink(("/dev/shm" + name).c_str()) == 0) say("unlinked " + name);
    }
}

void removeDir(const std::string& dir) {
    for (const char* f : {"/segments", "/segments.new", "/facts.sock"})
        ::unlink((dir + f).c_str());
    ::rmdir(dir.c_str());
}

} // namespace

int keeperMain(const std::vector<std::string>& args) {
    if (args.size() < 4) return 2;
    const int runner = std::atoi(args[0].c_str());
    const std::string& dir = args[1];
    std::vector<std::string> command(args.begin() + 2, args.end());

    prctl(PR_SET_CHILD_SUBREAPER, 1);
    sigset_t watched;
    sigemptyset(&watched);
    for (int s : {SIGCHLD, SIGTERM, SIGHUP, SIGINT})
        sigaddset(&watched, s);
    sigset_t before;
    pthread_sigmask(SIG_BLOCK, &watched, &before);
    Tree tree;
    tree.signalFd = signalfd(-1, &watched, SFD_CLOEXEC);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    // The runner may have died before the death signal was armed: then nobody would send it.
    if (getppid() != runner) {
        unlinkSegments(dir);
        removeDir(dir);
        return 1;
    }

    const pid_t pid = fork();
    if (pid == 0) {
        pthread_sigmask(SIG_SETMASK, &before, nullptr);
        signal(SIGINT, SIG_DFL);
        signal(SIGPIPE, SIG_DFL); // mpwb-run ignores it; python and what it runs expect the default
        setpgid(0, 0);
        const int null = ::open("/dev/null", O_RDONLY);
        if (null >= 0) dup2(null, 0);
        close_range(3, ~0U, 0);
        auto argv = pointers(command);
        execvp(argv[0], argv.data());
        const auto why =
            "mpwb-run: could not start " + command[0] + ": " + std::generic_category().message(errno) + "\n";
        [[maybe_unused]] const auto n = ::write(2, why.data(), why.size());
        _exit(127);
    }
    if (pid < 0) {
        say("exited 127 0");
        removeDir(dir);
        say("done");
        return 1;
    }
    setpgid(pid, pid); // also here, so a signal to the group cannot race the child's own call
    tree.python = pid;
    say("started " + std::to_string(pid));

    bool stopNow = false;
    while (!stopNow && !tree.pythonReaped) {
        pollfd fds[2] = {{kControlFd, POLLIN, 0}, {tree.signalFd, POLLIN, 0}};
        if (poll(fds, 2, -1) < 0) continue;
        if (fds[0].revents) {
            char c = 0;
            if (::read(kControlFd, &c, 1) <= 0 || c == 'c') stopNow = true; // EOF: the runner is gone
        }
        if (fds[1].revents & POLLIN) {
            signalfd_siginfo info{};
            if (::read(tree.signalFd, &info, sizeof info) == sizeof info && info.ssi_signo != SIGCHLD &&
                info.ssi_signo != SIGINT) // Ctrl-C is the runner's to decide on
                stopNow = true;
        }
        tree.reapAll();
    }
    if (!stopNow) {
        // The script ended by itself: what it left running is the script's fault, and said so.
        const auto left = tree.waitEmpty(kLeftBehindGraceMs, 0);
        if (!left.empty()) {
            std::string line = "left";
            for (int p : left)
                line += " " + std::to_string(p);
            say(line);
        }
    }
    tree.end();
    tree.reapAll();
    unlinkSegments(dir);
    removeDir(dir);
    say("done");
    return 0;
}

} // namespace mpwb

// SPDX-License-Identifier: GPL-3.0-or-later
// mpwb-bench-python: what the workbench's tracing costs a Python script. exercises/python/sum_squares.py at
// chunksize 100, three ways in interleaved rounds: python3 alone; python3 with the tracer loaded and its
// facts sent to a socket this program drains (the instrumentation's own cost, the figure the 5% target is
// about); and `mpwb-run python` end to end (tracer, plus the runner's fixed costs: its start, the keeper, the
// probe of the Python's version, facts turned into a stream written to /dev/null). Medians, ratios. Not a
// test.
//
//   mpwb-bench-python [--repeats N] [--n N] [--python PATH]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <spawn.h>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

struct Timing {
    double wallS = 0;   // the whole process, interpreter start-up and exit included
    double scriptS = 0; // the script's own measure of its pool map ("(1.23 s with ...")
    bool ok = false;
};

Timing timeOnce(std::vector<std::string> argv, char** env) {
    int out[2];
    if (pipe(out) != 0) return {};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (auto& a : argv)
        args.push_back(a.data());
    args.push_back(nullptr);
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), env);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    std::string text;
    char buf[4096];
    for (ssize_t n; rc == 0 && (n = read(out[0], buf, sizeof buf)) > 0;)
        text.append(buf, static_cast<std::size_t>(n));
    close(out[0]);
    int status = 0;
    if (rc == 0) waitpid(pid, &status, 0);
    Timing t;
    t.wallS = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto at = text.find("  (");
    t.scriptS = at == std::string::npos ? 0 : std::atof(text.c_str() + at + 3);
    t.ok = rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && at != std::string::npos;
    return t;
}

// The runner's end of the tracer: a datagram socket whose facts are read and dropped, so the traced script
// never waits on a full socket. Lives for the whole benchmark.
class FactDrain {
public:
    FactDrain() {
        char dir[] = "/tmp/mpwb-bench-python-XXXXXX";
        if (!mkdtemp(dir)) return;
        m_dir = dir;
        m_path = m_dir + "/facts";
        m_fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        m_path.copy(addr.sun_path, sizeof addr.sun_path - 1);
        if (m_fd < 0 || bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return;
        // shutdown() does not wake a recv() on a datagram socket: wait at most 100 ms, then look at m_stop.
        timeval wait{0, 100'000};
        setsockopt(m_fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
        m_reader = std::thread([this] {
            char buf[65536];
            while (!m_stop.load())
                recv(m_fd, buf, sizeof buf, 0);
        });
    }
    ~FactDrain() {
        m_stop.store(true);
        if (m_reader.joinable()) m_reader.join();
        if (m_fd >= 0) close(m_fd);
        if (!m_path.empty()) unlink(m_path.c_str());
        if (!m_dir.empty()) rmdir(m_dir.c_str());
    }
    FactDrain(const FactDrain&) = delete;
    FactDrain& operator=(const FactDrain&) = delete;
    bool ok() const { return m_reader.joinable(); }
    const std::string& path() const { return m_path; }

private:
    std::string m_dir, m_path;
    int m_fd = -1;
    std::atomic<bool> m_stop{false};
    std::thread m_reader;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const auto n = v.size();
    return n == 0 ? 0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

} // namespace

int main(int argc, char** argv) {
    int repeats = 5;
    std::string n = "20000000";
    std::string python = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string option = argv[i];
        if (option == "--repeats")
            repeats = std::max(3, std::atoi(argv[i + 1]));
        else if (option == "--n")
            n = argv[i + 1];
        else if (option == "--python")
            python = argv[i + 1];
        else {
            std::fprintf(stderr, "usage: mpwb-bench-python [--repeats N (>= 3)] [--n N] [--python PATH]\n");
            return 2;
        }
    }
    if (python.find('/') == std::string::npos) {
        std::fprintf(stderr, "give --python an absolute path (posix_spawn does not search PATH here)\n");
        return 2;
    }
    const auto workers = std::to_string(std::max(1u, std::thread::hardware_concurrency()));
    const std::vector<std::string> scriptArgs{MPWB_SUM_SQUARES_SCRIPT, n, "1000", workers, "100"};
    std::vector<std::string> plain{python};
    plain.insert(plain.end(), scriptArgs.begin(), scriptArgs.end());
    std::vector<std::string> traced{MPWB_RUN_PATH, "python", "--python", python, "--events", "/dev/null"};
    traced.insert(traced.end(), scriptArgs.begin(), scriptArgs.end());

    // python3 with the tracer: this environment, the tracer first on PYTHONPATH and the drain's socket.
    FactDrain drain;
    if (!drain.ok()) {
        std::fprintf(stderr, "could not make the socket for the tracer's facts\n");
        return 1;
    }
    std::vector<std::string> tracerEnv;
    std::string pythonPath = MPWB_TRACER_DIR;
    for (char** e = environ; *e; ++e) {
        const std::string entry(*e);
        if (entry.rfind("PYTHONPATH=", 0) == 0)
            pythonPath += ":" + entry.substr(11);
        else if (entry.rfind("MPWB_", 0) != 0)
            tracerEnv.push_back(entry);
    }
    tracerEnv.push_back("PYTHONPATH=" + pythonPath);
    tracerEnv.push_back("MPWB_TRACE_SOCKET=" + drain.path());
    std::vector<char*> tracerEnvp;
    for (auto& entry : tracerEnv)
        tracerEnvp.push_back(entry.data());
    tracerEnvp.push_back(nullptr);

    std::fprintf(stderr, "sum_squares.py n=%s block 1000, %s workers, chunksize 100; %d interleaved rounds\n",
                 n.c_str(), workers.c_str(), repeats);
    enum Way { Plain, Tracer, Runner, Ways };
    const char* names[Ways] = {"untraced", "tracer", "mpwb-run"};
    std::vector<double> wall[Ways], map[Ways];
    for (int round = 0; round < repeats; ++round) {
        // Rotate which goes first, so no way always runs on a machine another just warmed.
        for (int k = 0; k < Ways; ++k) {
            const int way = (round + k) % Ways;
            const auto t = way == Runner   ? timeOnce(traced, environ)
                           : way == Tracer ? timeOnce(plain, tracerEnvp.data())
                                           : timeOnce(plain, environ);
            if (!t.ok) {
                std::fprintf(stderr, "the %s run failed\n", names[way]);
                return 1;
            }
            wall[way].push_back(t.wallS);
            map[way].push_back(t.scriptS);
            std::fprintf(stderr, "  round %d %-8s %.3f s (map %.2f s)\n", round + 1, names[way], t.wallS,
                         t.scriptS);
        }
    }
    const double tracerRatio = median(wall[Tracer]) / median(wall[Plain]);
    std::printf("Python tracing overhead, medians of %d interleaved rounds (untraced: %.3f s, map %.2f s)\n",
                repeats, median(wall[Plain]), median(map[Plain]));
    std::printf("  the tracer alone   %.3f s  ratio %.3f  (map ratio %.3f)  target <= 1.05  %s\n",
                median(wall[Tracer]), tracerRatio, median(map[Tracer]) / median(map[Plain]),
                tracerRatio <= 1.05 ? "PASS" : "MISS");
    std::printf("  mpwb-run python    %.3f s  ratio %.3f  (map ratio %.3f)  the runner's fixed costs added\n",
                median(wall[Runner]), median(wall[Runner]) / median(wall[Plain]),
                median(map[Runner]) / median(map[Plain]));
    return 0;
}

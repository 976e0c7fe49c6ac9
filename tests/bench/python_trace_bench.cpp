// SPDX-License-Identifier: GPL-3.0-or-later
// mpwb-bench-python: what the workbench's tracing costs a Python script. exercises/python/sum_squares.py at
// chunksize 100, in interleaved rounds: python3 alone, twice (the second sample says how far two runs of one
// thing fall apart on this machine now); python3 with the tracer loaded and its facts sent to a socket this
// program drains (the instrumentation's own cost, the figure the 5% target is about); `mpwb-run python` end
// to end (the tracer plus the runner's fixed costs: its start, the keeper, the probe of the Python's
// version, facts turned into a stream written to /dev/null); and python3 alone and with the tracer again
// under PYTHONMALLOC=malloc, which separates the tracer's work from where its objects put the script's in
// pymalloc's pools. Wall, CPU of the whole tree, and the pool map as the script times it. Not a test.
//
//   mpwb-bench-python [--repeats N] [--n N] [--python PATH]
#include "python_fact_socket.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <optional>
#include <spawn.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <system_error>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace {

struct Timing {
    double wallS = 0;   // the whole process, interpreter start-up and exit included
    double cpuS = 0;    // user + system time of the process and every child it waited for (its workers)
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
    rusage usage{};
    if (rc == 0) wait4(pid, &status, 0, &usage);
    Timing t;
    t.wallS = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto seconds = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + tv.tv_usec / 1e6; };
    t.cpuS = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    const auto at = text.find("  (");
    t.scriptS = at == std::string::npos ? 0 : std::atof(text.c_str() + at + 3);
    t.ok = rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 && at != std::string::npos;
    return t;
}

// The runner's end of the tracer, read as the runner reads it (FactSocket::receiveQueued, paced) and the
// facts dropped. Lives for the whole benchmark.
class FactDrain {
public:
    FactDrain() {
        try {
            m_socket.emplace();
        } catch (const std::system_error&) {
            return;
        }
        m_reader = std::thread([this] {
            while (!m_stop.load())
                m_socket->receiveQueued();
        });
    }
    ~FactDrain() {
        m_stop.store(true);
        if (m_socket) m_socket->interrupt();
        if (m_reader.joinable()) m_reader.join();
    }
    FactDrain(const FactDrain&) = delete;
    FactDrain& operator=(const FactDrain&) = delete;
    bool ok() const { return m_reader.joinable(); }
    std::string path() const { return m_socket->path(); }

private:
    std::optional<mpwb::FactSocket> m_socket;
    std::atomic<bool> m_stop{false};
    std::thread m_reader;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const auto n = v.size();
    return n == 0 ? 0 : n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The median of the rounds' own ratios: each round's ways ran one after another, on the machine as it was
// then.
double pairedRatio(const std::vector<double>& way, const std::vector<double>& base) {
    std::vector<double> ratios;
    for (std::size_t i = 0; i < way.size() && i < base.size(); ++i)
        if (base[i] > 0) ratios.push_back(way[i] / base[i]);
    return median(ratios);
}

// An environment: this one without the runner's variables, with `extra` added.
struct Environment {
    std::vector<std::string> entries;
    std::vector<char*> pointers;
    char** get() {
        pointers.clear();
        for (auto& e : entries)
            pointers.push_back(e.data());
        pointers.push_back(nullptr);
        return pointers.data();
    }
};

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

    FactDrain drain;
    if (!drain.ok()) {
        std::fprintf(stderr, "could not make the socket for the tracer's facts\n");
        return 1;
    }
    // The ways differ only in the tracer's two variables and, for the last two, PYTHONMALLOC=malloc: that
    // takes out CPython's allocator for small objects, whose pools make a numeric loop's speed depend on
    // what else was allocated before it (an inert sitecustomize that keeps 20,000 tuples moved this script
    // by up to 6%). Without it, what remains is the tracer's own work.
    Environment untracedEnv, tracerEnv;
    std::string pythonPath = MPWB_TRACER_DIR;
    for (char** e = environ; *e; ++e) {
        const std::string entry(*e);
        if (entry.rfind("MPWB_", 0) == 0 || entry.rfind("PYTHONMALLOC=", 0) == 0) continue;
        untracedEnv.entries.push_back(entry);
        if (entry.rfind("PYTHONPATH=", 0) == 0)
            pythonPath += ":" + entry.substr(11);
        else
            tracerEnv.entries.push_back(entry);
    }
    tracerEnv.entries.push_back("PYTHONPATH=" + pythonPath);
    tracerEnv.entries.push_back("MPWB_TRACE_SOCKET=" + drain.path());
    Environment untracedMalloc = untracedEnv, tracerMalloc = tracerEnv;
    untracedMalloc.entries.push_back("PYTHONMALLOC=malloc");
    tracerMalloc.entries.push_back("PYTHONMALLOC=malloc");

    std::fprintf(stderr, "sum_squares.py n=%s block 1000, %s workers, chunksize 100; %d interleaved rounds\n",
                 n.c_str(), workers.c_str(), repeats);
    // "untraced again" is the same run as "untraced": how far apart two samples of one thing come out on
    // this machine now, the floor under every other ratio.
    enum Way { Plain, Again, Tracer, Runner, PlainMalloc, TracerMalloc, Ways };
    const char* names[Ways] = {"untraced", "again", "tracer", "mpwb-run", "untraced/malloc", "tracer/malloc"};
    std::vector<double> wall[Ways], cpu[Ways], map[Ways];
    for (int round = 0; round < repeats; ++round) {
        // Rotate which goes first, so no way always runs on a machine another just warmed.
        for (int k = 0; k < Ways; ++k) {
            const int way = (round + k) % Ways;
            const auto t = way == Runner         ? timeOnce(traced, untracedEnv.get())
                           : way == Tracer       ? timeOnce(plain, tracerEnv.get())
                           : way == PlainMalloc  ? timeOnce(plain, untracedMalloc.get())
                           : way == TracerMalloc ? timeOnce(plain, tracerMalloc.get())
                                                 : timeOnce(plain, untracedEnv.get());
            if (!t.ok) {
                std::fprintf(stderr, "the %s run failed\n", names[way]);
                return 1;
            }
            wall[way].push_back(t.wallS);
            cpu[way].push_back(t.cpuS);
            map[way].push_back(t.scriptS);
            std::fprintf(stderr, "  round %d %-15s %.3f s, cpu %.3f s (map %.2f s)\n", round + 1, names[way],
                         t.wallS, t.cpuS, t.scriptS);
        }
    }
    const auto ratio = [&](Way way, Way base) { return median(wall[way]) / median(wall[base]); };
    const auto line = [&](const char* label, Way way, Way base) {
        std::printf("  %-24s %.3f s  ratio %.3f  paired %.3f  (map %.3f, cpu %.3f)\n", label,
                    median(wall[way]), ratio(way, base), pairedRatio(wall[way], wall[base]),
                    median(map[way]) / median(map[base]), median(cpu[way]) / median(cpu[base]));
    };
    std::printf("Python tracing overhead, medians of %d interleaved rounds (untraced: %.3f s, map %.2f s, "
                "cpu %.3f s)\n",
                repeats, median(wall[Plain]), median(map[Plain]), median(cpu[Plain]));
    line("untraced again", Again, Plain);
    line("the tracer alone", Tracer, Plain);
    line("mpwb-run python", Runner, Plain);
    std::printf("with PYTHONMALLOC=malloc in both (untraced: %.3f s)\n", median(wall[PlainMalloc]));
    line("the tracer alone", TracerMalloc, PlainMalloc);
    const double floor = std::abs(ratio(Again, Plain) - 1);
    const auto verdict = [](double r) { return r <= 1.05 ? "PASS" : "MISS"; };
    std::printf("against the 5%% target (two untraced samples differ by %.1f%% on this machine now):\n"
                "  the tracer's own work (malloc)    %+.1f%%  %s\n"
                "  as a student runs it (pymalloc)   %+.1f%%  %s\n",
                floor * 100, (ratio(TracerMalloc, PlainMalloc) - 1) * 100,
                verdict(ratio(TracerMalloc, PlainMalloc)), (ratio(Tracer, Plain) - 1) * 100,
                verdict(ratio(Tracer, Plain)));
    return 0;
}

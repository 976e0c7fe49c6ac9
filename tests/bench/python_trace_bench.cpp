// SPDX-License-Identifier: GPL-3.0-or-later
// mpwb-bench-python: what the workbench's tracing costs a Python script. exercises/python/sum_squares.py at
// chunksize 100, run by `mpwb-run python` (tracer, keeper, facts turned into a stream written to /dev/null)
// against the same python3 run directly; interleaved repeats, medians, their ratio. Figures, not a test.
//
//   mpwb-bench-python [--repeats N] [--n N] [--python PATH]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <spawn.h>
#include <string>
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

Timing timeOnce(std::vector<std::string> argv) {
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
    const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
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

    std::fprintf(stderr, "sum_squares.py n=%s block 1000, %s workers, chunksize 100; %d interleaved rounds\n",
                 n.c_str(), workers.c_str(), repeats);
    std::vector<double> plainWall, tracedWall, plainMap, tracedMap;
    for (int round = 0; round < repeats; ++round) {
        // Alternate which goes first, so neither always runs on a machine the other just warmed.
        for (int k = 0; k < 2; ++k) {
            const bool tracedNow = (round + k) % 2 == 1;
            const auto t = timeOnce(tracedNow ? traced : plain);
            if (!t.ok) {
                std::fprintf(stderr, "the %s run failed\n", tracedNow ? "traced" : "untraced");
                return 1;
            }
            (tracedNow ? tracedWall : plainWall).push_back(t.wallS);
            (tracedNow ? tracedMap : plainMap).push_back(t.scriptS);
            std::fprintf(stderr, "  round %d %-8s %.3f s (map %.2f s)\n", round + 1,
                         tracedNow ? "traced" : "untraced", t.wallS, t.scriptS);
        }
    }
    const double wallRatio = median(tracedWall) / median(plainWall);
    const double mapRatio = median(tracedMap) / median(plainMap);
    std::printf("Python tracing overhead, medians of %d interleaved rounds\n", repeats);
    std::printf("  whole run   untraced %.3f s   traced %.3f s   ratio %.3f   target <= 1.05  %s\n",
                median(plainWall), median(tracedWall), wallRatio, wallRatio <= 1.05 ? "PASS" : "MISS");
    std::printf("  pool map    untraced %.2f s    traced %.2f s    ratio %.3f   (the script's own timing)\n",
                median(plainMap), median(tracedMap), mapRatio);
    return 0;
}

// SPDX-License-Identifier: GPL-3.0-or-later
// mpwb-bench-startup: worker start-up by fork, spawn and forkserver, alone (mpwb-bench measures it among much
// else). The same measurement as mpwb-bench's section 4: interleaved rounds, medians, and here each method
// against fork measured in the same rounds. It measures and prints; it never fails on a missed target.
//
//   mpwb-bench-startup [--workers N] [--repeats N]
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <thread>

#include "bench_measure.h"

using namespace mpwb::bench;

namespace {

const char* kUsage = "usage: mpwb-bench-startup [--workers N] [--repeats N]\n"
                     "  --workers N  workers per pool, 1 to 64 (default: one per core)\n"
                     "  --repeats N  pools per start method, at least 3 (default 15); medians are reported\n";

// The number after argv[i] if it is in [low, high]; 0 (never allowed) otherwise, said on stderr.
int numberAfter(int& i, int argc, char** argv, int low, int high, const char* what) {
    const int v = i + 1 < argc ? std::atoi(argv[++i]) : 0;
    if (v >= low && v <= high) return v;
    std::fprintf(stderr, "mpwb-bench-startup: %s must be %d to %d\n%s", what, low, high, kUsage);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    BenchConfig config;
    config.cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    config.repeats = 15;
    config.workerProgram = MPWB_WORKER_PATH;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--workers") {
            if (!(config.cores = numberAfter(i, argc, argv, 1, 64, "--workers"))) return 2;
        } else if (arg == "--repeats") {
            if (!(config.repeats = numberAfter(i, argc, argv, 3, 1000, "--repeats"))) return 2;
        } else if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        } else {
            std::fprintf(stderr, "mpwb-bench-startup: unexpected argument '%s'\n%s", arg.c_str(), kUsage);
            return 2;
        }
    }
    std::vector<StartupRow> rows;
    try {
        rows = measureStartup(config);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mpwb-bench-startup: %s\n", e.what());
        return 1;
    }
    // Fork is the first row: the baseline every other method is divided by.
    const auto& fork = rows.front();
    std::printf("Worker start-up, pools of %d workers, %d interleaved rounds (medians, ms)\n", config.cores,
                config.repeats);
    std::printf(
        "  pool = (ask for the pool .. every worker ready) / workers; each = one worker's startup_ns\n");
    std::printf("  %-11s %10s %10s %12s %12s\n", "method", "pool", "each", "pool/fork", "each/fork");
    for (const auto& row : rows)
        std::printf("  %-11s %10.3f %10.3f %12.2f %12.2f\n", row.method.c_str(), 1e3 * row.perWorker.median(),
                    1e3 * row.eachWorker.median(), row.perWorker.median() / fork.perWorker.median(),
                    row.eachWorker.median() / fork.eachWorker.median());
    return 0;
}

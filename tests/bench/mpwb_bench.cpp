// SPDX-License-Identifier: GPL-3.0-or-later
// mpwb-bench: measures the engine's pools and prints a report next to Python's ProcessPoolExecutor doing the
// same work on the same machine in the same run. It measures; it does not fail on a missed target.
//
//   mpwb-bench [--quick] [--repeats N] [--no-python] [--json FILE]
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <string>
#include <thread>

#include "bench_measure.h"
#include "bench_report.h"
#include "python_baseline.h"
#include "run_session.h"

using namespace mpwb;
using namespace mpwb::bench;

namespace {

const char* kUsage = "usage: mpwb-bench [--quick] [--repeats N] [--no-python] [--json FILE]\n"
                     "  --quick      smaller sizes, for a first look (about a third of the time)\n"
                     "  --repeats N  repeats per figure, at least 3 (default 3); medians are reported\n"
                     "  --no-python  skip the concurrent.futures.ProcessPoolExecutor baseline\n"
                     "  --json FILE  also save every figure and repeat as JSON\n";

struct Arguments {
    bool quick = false;
    bool python = true;
    int repeats = 3;
    std::string jsonPath;
};

Arguments parseArguments(int argc, char** argv) {
    Arguments a;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool hasValue = i + 1 < argc;
        if (arg == "--quick")
            a.quick = true;
        else if (arg == "--no-python")
            a.python = false;
        else if (arg == "--json" && hasValue)
            a.jsonPath = argv[++i];
        else if (arg == "--repeats" && hasValue)
            a.repeats = std::atoi(argv[++i]);
        else if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            std::exit(0);
        } else {
            std::fprintf(stderr, "mpwb-bench: unexpected argument '%s'\n%s", arg.c_str(), kUsage);
            std::exit(2);
        }
    }
    if (a.repeats < 3) {
        std::fprintf(stderr, "mpwb-bench: --repeats must be at least 3, so that a median means something\n");
        std::exit(2);
    }
    return a;
}

void progress(const char* what) {
    std::fprintf(stderr, "mpwb-bench: %s\n", what);
    std::fflush(stderr);
}

} // namespace

int main(int argc, char** argv) {
    std::signal(SIGPIPE,
                SIG_IGN); // a worker that died shows as EPIPE on the pool's next write, not as our death
    const auto args = parseArguments(argc, argv);
    const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));

    BenchResults results;
    auto& config = results.config;
    config = BenchConfig::standard(cores, args.quick);
    config.repeats = args.repeats;
    config.eventRepeats = std::max(config.eventRepeats, args.repeats);
    config.python = args.python;
    config.workerProgram = MPWB_WORKER_PATH;
    config.pythonScript = MPWB_BENCH_PYTHON_SCRIPT;
    const auto hello = describeMachine();
    results.machine = hello.machine + ", engine " + hello.engineVersion;

    try {
        // Pools are forked, so everything runs on this one thread, one measurement after another.
        progress("available parallelism (start)");
        results.parallelism.processes = cores;
        results.parallelism.atStart = measureAvailableParallelism(config);
        progress("per-item overhead");
        results.overhead = measureItemOverhead(config);
        progress("speedup on sum-squares");
        results.speedup = measureSpeedup(config);
        progress("worker start-up");
        results.startup = measureStartup(config);
        progress("events on vs off");
        results.events = measureEventCost(config);

        const auto python = config.python ? findOnPath("python3") : std::string();
        if (!config.python)
            results.pythonMissing = "skipped (--no-python)";
        else if (python.empty())
            results.pythonMissing = "python3 is not on PATH";
        else {
            progress("Python ProcessPoolExecutor baseline");
            try {
                results.python = runPythonBaseline(python, config);
            } catch (const std::exception& e) {
                results.pythonMissing = e.what();
            }
        }
        progress("available parallelism (end)");
        results.parallelism.atEnd = measureAvailableParallelism(config);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "mpwb-bench: %s\n", e.what());
        return 1;
    }

    const auto targets = evaluateTargets(results);
    std::fputs(textReport(results, targets).c_str(), stdout);
    if (!args.jsonPath.empty()) {
        std::ofstream file(args.jsonPath);
        file << jsonReport(results, targets);
        if (!file) {
            std::fprintf(stderr, "mpwb-bench: cannot write %s\n", args.jsonPath.c_str());
            return 1;
        }
    }
    return 0;
}

// SPDX-License-Identifier: GPL-3.0-or-later
// mpwb-bench-soak: many short runs of every exercise and backend, a third of them cancelled at a random
// moment, to show that nothing accumulates: this process's open descriptors, its descendant processes and the
// machine's /dev/shm entries of ours are counted before and after. It reports; it fails (exit 1) only when
// something was left behind or a run ended in a way it never should.
//
//   mpwb-bench-soak [--runs N] [--seed S]
//
// Half the runs are RunSessions in this process, as a long-lived host would run them (a leak of descriptors
// or segments adds up here); the other half are the mpwb-run program in a process group of its own, cancelled
// by SIGINT to the whole group, as Ctrl-C in a terminal does.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "catalogue.h"
#include "run_session.h"

using namespace mpwb;
using Clock = std::chrono::steady_clock;

namespace {

struct Census {
    int descriptors = 0;
    int descendants = 0;
    int segments = 0;
};

int countEntries(const char* dir, const std::string& prefix = {}) {
    int n = 0;
    if (DIR* d = opendir(dir)) {
        while (const dirent* e = readdir(d))
            if (e->d_name[0] != '.' && std::string(e->d_name).rfind(prefix, 0) == 0) ++n;
        closedir(d);
    }
    return n;
}

// Every process whose chain of parents leads to this one, zombies included.
int countDescendants() {
    std::map<int, int> parentOf;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const auto name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        FILE* f = std::fopen((entry.path() / "stat").c_str(), "r");
        if (!f) continue;
        char text[512] = {};
        const auto n = std::fread(text, 1, sizeof text - 1, f);
        std::fclose(f);
        const std::string stat(text, n);
        const auto close = stat.rfind(')');
        int ppid = 0;
        char state = 0;
        if (close != std::string::npos && std::sscanf(stat.c_str() + close + 1, " %c %d", &state, &ppid) == 2)
            parentOf[std::stoi(name)] = ppid;
    }
    const int self = getpid();
    int count = 0;
    for (const auto& [pid, parent] : parentOf) {
        int p = parent;
        for (int hops = 0; p > 1 && p != self && hops < 64; ++hops)
            p = parentOf.count(p) ? parentOf[p] : 0;
        count += p == self && pid != self;
    }
    return count;
}

Census census() {
    return {countEntries("/proc/self/fd") - 1, countDescendants(), countEntries("/dev/shm", "mpwb-")};
}

struct Plan {
    std::string exercise;
    Backend backend;
    StartMethod start;
    std::map<std::string, std::string> params;
};

// Small sizes: each run takes a few tenths of a second, so a cancel lands in any phase of it.
std::vector<Plan> plans(const std::string& scratch) {
    std::vector<Plan> out;
    for (auto b : {Backend::Sequential, Backend::Threads, Backend::GilThreads, Backend::Processes}) {
        out.push_back({"sum-squares", b, StartMethod::Fork, {{"n", "30000000"}}});
        out.push_back({"shared-counter", b, StartMethod::Fork, {{"increments", "200000"}, {"mode", "lock"}}});
        out.push_back(
            {"image-filter", b, StartMethod::Fork, {{"samples", "6"}, {"size", "64"}, {"output", scratch}}});
    }
    for (const char* e : {"sum-squares", "shared-counter"})
        out.push_back({e, Backend::Processes, StartMethod::Spawn,
                       std::string(e) == "sum-squares" ? std::map<std::string, std::string>{{"n", "30000000"}}
                                                       : std::map<std::string, std::string>{
                                                             {"increments", "200000"}, {"mode", "atomic"}}});
    out.push_back(
        {"pipeline", Backend::Processes, StartMethod::Fork, {{"items", "3000"}, {"work-us", "50"}}});
    return out;
}

struct Tally {
    std::map<std::string, int>
        outcomes;                 // "ok", "cancelled", ... and "UNEXPECTED ..." for what must not happen
    double slowestCancelMs = 0;   // from asking to cancel until the run had ended
    std::string slowestCancelRun; // which run that was

    void cancelTook(double ms, const std::string& how, const Plan& plan) {
        if (ms <= slowestCancelMs) return;
        slowestCancelMs = ms;
        slowestCancelRun = how + " " + plan.exercise + " " + backendName(plan.backend) +
                           (plan.backend == Backend::Processes ? " " + startMethodName(plan.start) : "");
    }
};

void runInProcess(const Plan& plan, bool cancel, std::mt19937& random, Tally& tally) {
    RunSpec spec;
    spec.exercise = plan.exercise;
    spec.backend = plan.backend;
    spec.startMethod = plan.start;
    spec.workers = 2;
    spec.params = plan.params;
    spec.cpuInterval = std::chrono::milliseconds(50);
    RunSession session(*findExercise(plan.exercise), spec, nullptr);
    std::atomic<bool> ended{false};
    std::atomic<std::int64_t> askedAt{0};
    std::thread canceller;
    if (cancel) {
        const auto delay = std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 250)(random));
        canceller = std::thread([&, delay] {
            const auto until = Clock::now() + delay;
            while (!ended.load() && Clock::now() < until)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            askedAt.store(Clock::now().time_since_epoch().count());
            session.cancel();
        });
    }
    const auto report = session.run();
    const auto endedAt = Clock::now().time_since_epoch().count();
    ended.store(true);
    if (canceller.joinable()) canceller.join();
    std::string outcome = report.status;
    if (report.status == "error") outcome = "UNEXPECTED error: " + report.error->message;
    if (report.status == "cancelled" && !cancel) outcome = "UNEXPECTED cancelled";
    if (report.status == "cancelled") tally.cancelTook((endedAt - askedAt.load()) / 1e6, "process", plan);
    ++tally.outcomes["in process: " + outcome];
}

// mpwb-run in a process group of its own; SIGINT to the group, as a terminal's Ctrl-C. Returns its exit code.
void runProgram(const std::string& runner, const Plan& plan, bool cancel, std::mt19937& random, Tally& tally,
                const std::string& errorsTo) {
    std::vector<std::string> args{runner,
                                  "run",
                                  plan.exercise,
                                  "--backend",
                                  backendName(plan.backend),
                                  "--start",
                                  startMethodName(plan.start),
                                  "--workers",
                                  "2",
                                  "--json"};
    for (const auto& [k, v] : plan.params) {
        args.push_back("--" + k);
        args.push_back(v);
    }
    const pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        std::freopen(errorsTo.c_str(), "w", stdout);
        dup2(STDOUT_FILENO, STDERR_FILENO);
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(runner.c_str(), argv.data());
        _exit(127);
    }
    setpgid(pid, pid); // also here, so the group exists before any signal is sent
    int raw = 0;
    Clock::time_point asked{};
    if (cancel) {
        const auto until =
            Clock::now() + std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 300)(random));
        while (Clock::now() < until && waitpid(pid, &raw, WNOHANG) == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        asked = Clock::now();
        ::kill(-pid, SIGINT);
    }
    while (waitpid(pid, &raw, 0) < 0 && errno == EINTR) {
    }
    const int code = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
    std::string outcome = code == 0     ? "ok"
                          : code == 130 ? "cancelled"
                                        : "UNEXPECTED exit " + std::to_string(code);
    if (code != 0 && code != 130)
        if (FILE* f = std::fopen(errorsTo.c_str(), "r")) {
            char text[4096] = {};
            const std::string report(text, std::fread(text, 1, sizeof text - 1, f));
            std::fclose(f);
            const auto at = report.find("\"message\":\"");
            outcome += ": " + (at == std::string::npos
                                   ? report.substr(0, 120)
                                   : report.substr(at + 11, report.find('"', at + 11) - at - 11));
        }
    if (code == 130 && !cancel) outcome = "UNEXPECTED cancelled";
    if (cancel && code == 130)
        tally.cancelTook(std::chrono::duration<double, std::milli>(Clock::now() - asked).count(), "mpwb-run",
                         plan);
    ++tally.outcomes["mpwb-run: " + outcome];
}

} // namespace

int main(int argc, char** argv) {
    int runs = 200;
    unsigned seed = std::random_device{}();
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--runs" && i + 1 < argc)
            runs = std::max(2, std::atoi(argv[++i]));
        else if (a == "--seed" && i + 1 < argc)
            seed = static_cast<unsigned>(std::strtoul(argv[++i], nullptr, 10));
        else {
            std::fprintf(stderr, "usage: mpwb-bench-soak [--runs N] [--seed S]\n");
            return a == "--help" || a == "-h" ? 0 : 2;
        }
    }
    std::signal(SIGPIPE, SIG_IGN); // the programs decide: a dead worker's pipe is an error, not a death
    const std::string runner = MPWB_RUN_PATH;
    const auto scratch = std::filesystem::temp_directory_path() / ("mpwb-soak-" + std::to_string(getpid()));
    std::filesystem::create_directories(scratch);
    const auto all = plans(scratch.string());
    std::mt19937 random(seed);

    const auto before = census();
    const auto start = Clock::now();
    Tally tally;
    for (int i = 0; i < runs; ++i) {
        const auto& plan = all[random() % all.size()];
        const bool cancel = random() % 3 == 0;
        if (i % 2 == 0)
            runInProcess(plan, cancel, random, tally);
        else
            runProgram(runner, plan, cancel, random, tally, (scratch / "stderr.txt").string());
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(scratch, ec))
            std::filesystem::remove_all(entry.path(), ec); // the pictures a run wrote, not what it left open
        if ((i + 1) % 20 == 0) std::fprintf(stderr, "mpwb-bench-soak: %d of %d runs\n", i + 1, runs);
    }
    const auto seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::this_thread::sleep_for(std::chrono::milliseconds(200)); // let the last reaped processes leave /proc
    const auto after = census();
    std::filesystem::remove_all(scratch);

    std::printf("Soak: %d runs in %.0f s (seed %u), every exercise and backend, fork and spawn\n\n", runs,
                seconds, seed);
    bool unexpected = false;
    for (const auto& [outcome, n] : tally.outcomes) {
        std::printf("  %-72s %4d\n", outcome.c_str(), n);
        unexpected = unexpected || outcome.find("UNEXPECTED") != std::string::npos;
    }
    std::printf("\n  slowest cancel, from asking to the run's end: %.0f ms (promise: under 1000 ms)\n",
                tally.slowestCancelMs);
    if (!tally.slowestCancelRun.empty()) std::printf("    (%s)\n", tally.slowestCancelRun.c_str());
    std::printf("\n  %-34s %8s %8s\n", "", "before", "after");
    std::printf("  %-34s %8d %8d\n", "open descriptors of this process", before.descriptors,
                after.descriptors);
    std::printf("  %-34s %8d %8d\n", "processes descended from it", before.descendants, after.descendants);
    std::printf("  %-34s %8d %8d\n", "/dev/shm entries named mpwb-*", before.segments, after.segments);
    const bool leaked = after.descriptors > before.descriptors || after.descendants > before.descendants ||
                        after.segments > before.segments;
    const bool slow = tally.slowestCancelMs > 1000;
    std::printf("\n%s\n", leaked       ? "LEAK: something was left behind"
                          : unexpected ? "UNEXPECTED outcomes above"
                          : slow       ? "SLOW: a cancel took more than a second"
                                       : "Nothing left behind; every run ended as it should.");
    return leaked || unexpected ? 1 : 0;
}

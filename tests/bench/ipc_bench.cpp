// SPDX-License-Identifier: GPL-3.0-or-later
// mpwb-bench-ipc: the engine's inter-process queue and locked counter against Python's
// multiprocessing.Queue and multiprocessing.Value with get_lock(), each between two processes, on the same
// machine in the same run. It measures and prints; it never fails on a missed target.
//
//   mpwb-bench-ipc [--repeats N] [--no-python]
#include <algorithm>
#include <atomic>
#include <boost/json.hpp> // compiled once, by the engine's event_json.cpp
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <spawn.h>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "clock.h"
#include "robust_mutex.h"
#include "shared_queue.h"
#include "sweep_stats.h"

extern char** environ;

using namespace mpwb;

namespace {

constexpr double kTarget = 10.0; // ours must be at least this many times Python's
constexpr std::size_t kQueueBound = 1024;

struct Settings {
    int repeats = 5;
    bool python = true;
    std::uint64_t queueItems = 2'000'000;  // ours; Python gets fewer, it is ~50x slower
    std::uint64_t increments = 10'000'000; // ours, per process
    std::uint64_t pythonQueueItems = 100'000;
    std::uint64_t pythonIncrements = 200'000; // per process
};

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "mpwb-bench-ipc: %s\n", what.c_str());
    std::exit(1);
}

int waitStatus(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// One producer (this process) puts `items` 8-byte integers; one forked consumer gets them all and checks
// their sum. Timed from the first put until the consumer has exited, like the Python side.
double queueSeconds(std::uint64_t items) {
    SharedQueue queue("bench", kQueueBound, kQueueBound * sizeof(std::uint64_t));
    queue.unlinkNow();
    const pid_t consumer = fork();
    if (consumer == 0) {
        Bytes message;
        std::uint64_t total = 0;
        for (std::uint64_t i = 0; i < items; ++i) {
            if (queue.get(message) != QueueStatus::Ok || message.size() != sizeof total) _exit(2);
            std::uint64_t v = 0;
            std::memcpy(&v, message.data(), sizeof v);
            total += v;
        }
        _exit(total == items * (items - 1) / 2 ? 0 : 1);
    }
    const auto start = monotonicNs();
    for (std::uint64_t i = 0; i < items; ++i)
        if (queue.put(&i, sizeof i) != QueueStatus::Ok) fail("the queue refused a put");
    if (waitStatus(consumer) != 0) fail("the consumer lost or changed items");
    return (monotonicNs() - start) / 1e9;
}

struct LockedCounter {
    RobustMutex mutex;
    std::int64_t value = 0; // guarded by mutex
    std::atomic<int> go{0};
};

// Two forked processes each add 1 to one shared counter `increments` times under the robust mutex. Timed from
// the signal to start until both have exited.
double counterSeconds(std::uint64_t increments) {
    SharedSegment segment(sizeof(LockedCounter));
    segment.unlinkNow();
    auto* counter = new (segment.data()) LockedCounter;
    pid_t adders[2];
    for (auto& pid : adders) {
        pid = fork();
        if (pid == 0) {
            while (!counter->go.load())
                ;
            for (std::uint64_t i = 0; i < increments; ++i) {
                if (counter->mutex.lock()) _exit(3); // nobody dies here
                ++counter->value;
                counter->mutex.unlock();
            }
            _exit(0);
        }
    }
    const auto start = monotonicNs();
    counter->go.store(1);
    for (pid_t pid : adders)
        if (waitStatus(pid) != 0) fail("an adder failed");
    const double seconds = (monotonicNs() - start) / 1e9;
    if (counter->value != static_cast<std::int64_t>(2 * increments)) fail("the mutex let an update through");
    return seconds;
}

struct PythonRound {
    std::string version;
    double queueSeconds = 0;
    double counterSeconds = 0;
};

// Runs the Python side once (one repeat of each figure) and reads its JSON. No shell: posix_spawnp finds
// python3 on PATH, and its absence is simply "no Python figures".
std::optional<PythonRound> pythonRound(const Settings& s) {
    int out[2];
    if (pipe(out) != 0) return std::nullopt;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const std::string items = std::to_string(s.pythonQueueItems),
                      increments = std::to_string(s.pythonIncrements);
    const char* argv[] = {"python3",      MPWB_BENCH_IPC_SCRIPT, "--queue-items", items.c_str(),
                          "--increments", increments.c_str(),    "--repeats",     "1",
                          nullptr};
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, "python3", &actions, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    if (rc != 0) {
        ::close(out[0]);
        return std::nullopt;
    }
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = ::read(out[0], buffer, sizeof buffer)) > 0;)
        text.append(buffer, static_cast<std::size_t>(n));
    ::close(out[0]);
    if (waitStatus(pid) != 0) return std::nullopt; // 127: no python3 here
    try {
        const auto o = boost::json::parse(text).as_object();
        return PythonRound{std::string(o.at("python").as_string()),
                           o.at("queue_s").as_array()[0].to_number<double>(),
                           o.at("counter_s").as_array()[0].to_number<double>()};
    } catch (const std::exception& e) {
        fail(std::string("unexpected output from ") + MPWB_BENCH_IPC_SCRIPT + ": " + e.what());
    }
}

std::string withCommas(double value) {
    std::string digits = std::to_string(static_cast<long long>(value + 0.5));
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(static_cast<std::size_t>(at), ",");
    return digits;
}

void printComparison(const char* what, const char* unit, const char* ours, const char* theirs,
                     const std::vector<double>& ourRates, const std::vector<double>& pythonRates) {
    const double mine = median(ourRates);
    std::printf("%s\n  ours    %-44s %15s %s/s\n", what, ours, withCommas(mine).c_str(), unit);
    if (pythonRates.empty()) {
        std::printf("  python  %-44s %15s\n  ratio   n/a (no python3)      target >= %.0fx   n/a\n\n", theirs,
                    "n/a", kTarget);
        return;
    }
    const double python = median(pythonRates), ratio = mine / python;
    std::printf("  python  %-44s %15s %s/s\n  ratio   %.1fx                 target >= %.0fx   %s\n\n", theirs,
                withCommas(python).c_str(), unit, ratio, kTarget, ratio >= kTarget ? "PASS" : "MISS");
}

Settings parseArguments(int argc, char** argv) {
    Settings s;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--no-python") {
            s.python = false;
        } else if (arg == "--repeats" && i + 1 < argc) {
            s.repeats = std::atoi(argv[++i]);
        } else {
            std::fprintf(stderr, "usage: mpwb-bench-ipc [--repeats N (>= 3, default 5)] [--no-python]\n");
            std::exit(arg == "--help" ? 0 : 2);
        }
    }
    if (s.repeats < 3) {
        std::fprintf(stderr,
                     "mpwb-bench-ipc: --repeats must be at least 3, so that a median means something\n");
        std::exit(2);
    }
    return s;
}

} // namespace

int main(int argc, char** argv) {
    const auto s = parseArguments(argc, argv);
    std::vector<double> ourQueue, ourCounter, pyQueue, pyCounter;
    std::string pythonVersion;
    bool python = s.python;
    // Rounds interleave the two sides, so a slow spell of a shared machine hits both alike.
    for (int round = 0; round < s.repeats; ++round) {
        std::fprintf(stderr, "round %d of %d\n", round + 1, s.repeats);
        ourQueue.push_back(s.queueItems / queueSeconds(s.queueItems));
        ourCounter.push_back(2.0 * s.increments / counterSeconds(s.increments));
        if (!python) continue;
        if (const auto py = pythonRound(s)) {
            pythonVersion = py->version;
            pyQueue.push_back(s.pythonQueueItems / py->queueSeconds);
            pyCounter.push_back(2.0 * s.pythonIncrements / py->counterSeconds);
        } else {
            std::fprintf(stderr, "python3 did not run: no Python figures\n");
            python = false;
        }
    }
    std::printf("mpwb-bench-ipc: medians of %d rounds, ours and Python's interleaved in the same run%s\n\n",
                s.repeats, pythonVersion.empty() ? "" : (" (Python " + pythonVersion + ")").c_str());
    const std::string ourQueueName = "SharedQueue, bound " + std::to_string(kQueueBound) + ", " +
                                     withCommas(static_cast<double>(s.queueItems)) + " items";
    const std::string pyQueueName =
        "multiprocessing.Queue(), " + withCommas(static_cast<double>(s.pythonQueueItems)) + " items";
    printComparison("queue: 8-byte integers, 1 producer process -> 1 consumer process", "items",
                    ourQueueName.c_str(), pyQueueName.c_str(), ourQueue, pyQueue);
    printComparison("locked counter: 2 processes each adding 1 under one lock", "increments",
                    "RobustMutex lock; ++value; unlock", "Value('q'): with v.get_lock(): v.value += 1",
                    ourCounter, pyCounter);
    return 0;
}

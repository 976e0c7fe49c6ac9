// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench_measure.h"

#include <cerrno>
#include <stdexcept>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

#include "catalogue.h"
#include "chunk_aggregator.h"
#include "clock.h"
#include "event_stream.h"
#include "executor.h"
#include "run_session.h"
#include "sum_squares.h"

namespace mpwb::bench {
namespace {

double secondsSince(std::int64_t beginNs) {
    return static_cast<double>(monotonicNs() - beginNs) / 1e9;
}

// A loop of a fixed number of turns; the empty asm keeps the optimiser from folding it into a formula.
std::uint64_t spin(std::uint64_t turns) {
    std::uint64_t x = 0;
    for (std::uint64_t i = 0; i < turns; ++i) {
        asm volatile("" : "+r"(x));
        x += i;
    }
    return x;
}

// Wall time for `processes` forked children to each finish `turns` of the spin loop.
double timeSpinners(int processes, std::uint64_t turns) {
    const auto begin = monotonicNs();
    std::vector<pid_t> children;
    for (int i = 0; i < processes; ++i) {
        const pid_t pid = fork();
        if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
        if (pid == 0) _exit(spin(turns) == 1 ? 1 : 0); // use the result so the loop is kept
        children.push_back(pid);
    }
    for (const pid_t pid : children) {
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
    }
    return secondsSince(begin);
}

// Items 0..M-1 as u64, the input of the "square" task.
class NaturalNumbers : public ItemSource {
public:
    explicit NaturalNumbers(std::uint64_t count) : m_count(count) {}
    std::uint64_t count() const override { return m_count; }
    void encode(std::uint64_t index, ByteWriter& out) const override { out.put<std::uint64_t>(index); }

private:
    std::uint64_t m_count;
};

// Consumes every result, as a pool user would, and keeps the total to check nothing was lost.
class SquareTotal : public ResultSink {
public:
    void accept(std::uint64_t, ByteReader& result) override { m_total += result.getU128(); }
    unsigned __int128 total() const { return m_total; }

private:
    unsigned __int128 m_total = 0;
};

double timeSquares(Executor& executor, std::uint64_t items, std::uint64_t chunksize) {
    const NaturalNumbers numbers(items);
    SquareTotal total;
    const auto begin = monotonicNs();
    const auto outcome = executor.map(MapJob{"square", &numbers, chunksize}, total);
    const double seconds = secondsSince(begin);
    if (outcome.status != MapStatus::Ok)
        throw std::runtime_error("square map failed: " + (outcome.error ? outcome.error->message : "?"));
    if (items > 0 && total.total() != exercises::sumSquaresClosedForm(items - 1))
        throw std::runtime_error("square map returned a wrong total");
    return seconds;
}

RunSpec sumSquaresSpec(const BenchConfig& config, Backend backend, std::uint64_t n, std::uint64_t chunksize) {
    RunSpec spec;
    spec.exercise = "sum-squares";
    spec.backend = backend;
    spec.startMethod = StartMethod::Fork;
    spec.workers = backend == Backend::Sequential ? 1 : config.cores;
    spec.chunksize = chunksize;
    spec.params = {{"n", std::to_string(n)}, {"block", std::to_string(config.sumBlock)}};
    spec.workerProgram = config.workerProgram;
    return spec;
}

RunReport runSumSquares(const RunSpec& spec, EventSink* events) {
    const auto* exercise = findExercise(spec.exercise);
    if (!exercise) throw std::runtime_error("this build has no exercise " + spec.exercise);
    RunSession session(*exercise, spec, events);
    auto report = session.run();
    if (report.status != "ok" || !report.result.correct)
        throw std::runtime_error(spec.exercise + " on " + backendName(spec.backend) +
                                 " did not finish correctly" +
                                 (report.error ? ": " + report.error->message : ""));
    return report;
}

ExecutorOptions poolOptions(const BenchConfig& config, StartMethod method) {
    ExecutorOptions options;
    options.backend = Backend::Processes;
    options.startMethod = method;
    options.workers = config.cores;
    options.workerProgram = config.workerProgram;
    return options;
}

} // namespace

Samples measureAvailableParallelism(const BenchConfig& config) {
    // Calibrate in this process so one spinner runs about config.spinSeconds whatever the CPU's speed.
    constexpr std::uint64_t kProbeTurns = 20'000'000;
    const auto probeBegin = monotonicNs();
    [[maybe_unused]] volatile auto sink = spin(kProbeTurns);
    const double probe = secondsSince(probeBegin);
    const auto turns =
        static_cast<std::uint64_t>(static_cast<double>(kProbeTurns) * config.spinSeconds / probe);

    Samples ratios;
    for (int r = 0; r < config.repeats; ++r) {
        const double one = timeSpinners(1, turns);
        const double all = timeSpinners(config.cores, turns);
        ratios.values.push_back(config.cores * one / all);
    }
    return ratios;
}

std::vector<OverheadRow> measureItemOverhead(const BenchConfig& config) {
    std::vector<OverheadRow> rows;
    for (const auto& size : config.overheadSizes)
        rows.push_back({size, {}, {}});

    ExecutorOptions sequentialOptions;
    sequentialOptions.backend = Backend::Sequential;
    auto sequential = makeExecutor(sequentialOptions);
    auto pool = makeExecutor(poolOptions(config, StartMethod::Fork));
    sequential->start();
    pool->start();               // once, outside every timed map, as a program reusing its pool would
    timeSquares(*pool, 1000, 1); // the first map also faults in pages and buffers; keep it out of the figures

    for (int r = 0; r < config.repeats; ++r)
        for (auto& row : rows) {
            row.sequential.values.push_back(timeSquares(*sequential, row.size.items, row.size.chunksize));
            row.pool.values.push_back(timeSquares(*pool, row.size.items, row.size.chunksize));
        }
    pool->shutdown();
    return rows;
}

SpeedupResult measureSpeedup(const BenchConfig& config) {
    SpeedupResult result;
    result.n = config.sumN;
    result.block = config.sumBlock;
    const Backend parallel[] = {Backend::Processes, Backend::Threads, Backend::GilThreads};
    for (const auto b : parallel)
        result.rows.push_back({backendName(b), config.cores, {}});

    // Round -1 is a warm-up and is not recorded.
    for (int r = -1; r < config.repeats; ++r) {
        const auto seq = runSumSquares(sumSquaresSpec(config, Backend::Sequential, config.sumN, 0), nullptr);
        if (r >= 0) result.sequential.values.push_back(static_cast<double>(seq.wallNs) / 1e9);
        for (std::size_t i = 0; i < std::size(parallel); ++i) {
            const auto run = runSumSquares(sumSquaresSpec(config, parallel[i], config.sumN, 0), nullptr);
            result.chunksize = run.chunksize;
            if (r >= 0) result.rows[i].wall.values.push_back(static_cast<double>(run.wallNs) / 1e9);
        }
    }
    return result;
}

std::vector<StartupRow> measureStartup(const BenchConfig& config) {
    const StartMethod methods[] = {StartMethod::Fork, StartMethod::Spawn, StartMethod::Forkserver};
    std::vector<StartupRow> rows;
    for (auto m : methods)
        rows.push_back({startMethodName(m), {}, {}});
    for (int r = 0; r < config.repeats; ++r)
        for (std::size_t k = 0; k < rows.size(); ++k) {
            // Each round starts with another method, so none always follows the same one.
            const auto i = (k + static_cast<std::size_t>(r)) % rows.size();
            VectorSink events;
            auto options = poolOptions(config, methods[i]);
            options.events = &events;
            options.originNs = monotonicNs();
            auto pool = makeExecutor(options);
            const auto begin = monotonicNs();
            pool->start(); // returns once every worker has said it is ready
            rows[i].perWorker.values.push_back(secondsSince(begin) / config.cores);
            pool->shutdown();
            for (const auto& e : events.take())
                if (const auto* started = std::get_if<WorkerStartedEvent>(&e.body))
                    rows[i].eachWorker.values.push_back(static_cast<double>(started->startupNs) / 1e9);
        }
    return rows;
}

EventCost measureEventCost(const BenchConfig& config) {
    EventCost cost;
    cost.n = config.eventsN;
    cost.block = config.sumBlock;
    cost.chunksize = config.eventsChunksize;
    // CPU sampling stays at the runner's default in both runs: only the sink differs.
    const auto spec = sumSquaresSpec(config, Backend::Processes, config.eventsN, config.eventsChunksize);
    auto runOff = [&] { return static_cast<double>(runSumSquares(spec, nullptr).totalNs) / 1e9; };
    auto runOn = [&] {
        JsonLinesSink file(std::string("/dev/null"));
        ChunkAggregator aggregator(file); // as mpwb-run --events sets it up
        const auto report = runSumSquares(spec, &aggregator);
        aggregator.flush();
        return static_cast<double>(report.totalNs) / 1e9;
    };
    for (int r = -1; r < config.eventRepeats; ++r) {
        // Alternate which goes first, so neither always runs on a machine just warmed by the other.
        const bool onFirst = r % 2 != 0;
        const double a = onFirst ? runOn() : runOff();
        const double b = onFirst ? runOff() : runOn();
        if (r < 0) continue; // warm-up round
        cost.on.values.push_back(onFirst ? a : b);
        cost.off.values.push_back(onFirst ? b : a);
    }
    return cost;
}

} // namespace mpwb::bench

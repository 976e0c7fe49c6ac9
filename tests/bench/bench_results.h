// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What mpwb-bench measures: the settings of one bench run and every figure it produces, as raw repeat times.
// Medians and ratios are derived on demand, so the text table and the JSON file cannot disagree.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "sweep_stats.h"

namespace mpwb::bench {

struct Samples {
    std::vector<double> values; // seconds, or a ratio, one per repeat

    double median() const {
        return values.empty() ? std::numeric_limits<double>::quiet_NaN() : mpwb::median(values);
    }
};

struct OverheadSize {
    std::uint64_t chunksize = 1;
    std::uint64_t items = 0;
};

struct BenchConfig {
    int cores = 1; // workers for every parallel figure
    int repeats = 3;
    int eventRepeats = 5; // the 5% target needs more repeats than the rest to be readable
    bool quick = false;
    bool python = true;
    std::vector<OverheadSize> overheadSizes;
    std::uint64_t sumN = 0;
    std::uint64_t sumBlock = 10000; // the exercise's automatic block at n = 10^9: 100,000 items
    std::uint64_t pythonSumN = 0;   // pure Python is ~50x slower, so it gets a smaller N
    std::uint64_t eventsN = 0;
    std::uint64_t eventsChunksize = 10;
    double spinSeconds = 0.25; // length of one spin process in the parallelism probe
    std::string workerProgram;
    std::string pythonScript;

    static BenchConfig standard(int cores, bool quick);
};

// cores copies of one spin loop against a single copy: cores * t1 / tN, per repeat.
struct AvailableParallelism {
    int processes = 1;
    Samples atStart;
    Samples atEnd;

    double median() const {
        Samples all{atStart.values};
        all.values.insert(all.values.end(), atEnd.values.begin(), atEnd.values.end());
        return all.median();
    }
};

// One chunksize of the trivial map: the pool and the sequential executor over the same M items.
struct OverheadRow {
    OverheadSize size;
    Samples pool;
    Samples sequential;

    // (pool wall - sequential wall) / M: what a pool adds to each item, beyond doing the work.
    double overheadUsPerItem() const {
        return (pool.median() - sequential.median()) / static_cast<double>(size.items) * 1e6;
    }
    double poolUsPerItem() const { return pool.median() / static_cast<double>(size.items) * 1e6; }
};

struct SpeedupRow {
    std::string backend; // as backendName() spells it
    int workers = 1;
    Samples wall;
};

struct SpeedupResult {
    std::uint64_t n = 0;
    std::uint64_t block = 0;
    std::uint64_t chunksize = 0;
    Samples sequential;
    std::vector<SpeedupRow> rows;
};

struct StartupRow {
    std::string method; // fork | spawn | forkserver
    Samples perWorker;  // time for the whole pool to be ready, divided by its workers
    Samples eachWorker; // mpwb only: WorkerStartedEvent.startupNs of every worker of every repeat
};

struct EventCost {
    std::uint64_t n = 0;
    std::uint64_t block = 0;
    std::uint64_t chunksize = 0;
    Samples off;
    Samples on;

    double ratio() const { return on.median() / off.median(); }
};

struct PythonBaseline {
    std::string version;
    std::vector<OverheadRow> overhead;
    SpeedupResult sumSquares; // one row: the pool at workers = cores
    std::vector<StartupRow> startup;
};

struct BenchResults {
    BenchConfig config;
    std::string machine;
    AvailableParallelism parallelism;
    std::vector<OverheadRow> overhead;
    SpeedupResult speedup;
    std::vector<StartupRow> startup;
    EventCost events;
    std::optional<PythonBaseline> python;
    std::string pythonMissing; // why there is no Python column, when there is none
};

// A target from the issue, judged against this run's figures.
struct TargetCheck {
    std::string key;   // stable name, also used in the JSON
    std::string label; // for people
    double value = 0;
    std::string limit;  // e.g. ">= 1.85"
    std::string status; // PASS | MISS | n/a
};

std::vector<TargetCheck> evaluateTargets(const BenchResults& results);
const TargetCheck* findTarget(const std::vector<TargetCheck>& checks, const std::string& key);

} // namespace mpwb::bench

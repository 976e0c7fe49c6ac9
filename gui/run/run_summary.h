// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a finished run or sweep measured, and the words the result panel shows for it. Pure: built from a
// RunData and the baseline, so it is the same for a live run and a saved one, and testable without widgets.

#include <QString>
#include <optional>

#include "core_load.h" // kNoticeableOtherCores
#include "run_data.h"
#include "run_measures.h"

namespace mpwb {

// A finished shared-counter run, for the side-by-side comparison of modes.
struct CounterRunSummary {
    QString mode;
    int workers = 1;
    double incrementsPerSecond = 0;
    qint64 lost = 0;
    qint64 increments = 0; // made by all workers together
};

// The sequential run a parallel one is compared with: its time and how much work it did.
struct BaselineRun {
    double seconds = 0;
    std::uint64_t work = 0; // run_started's items: blocks, files, increments
    double otherCores = 0;  // what other programs used while it ran (otherLoadCores)
};

// How many cores' worth of CPU the rest of the machine used while the run went on, and how many the run
// itself kept busy (its host and its worker processes), by the engine's arithmetic (core_load.h). NaN when
// the run has no CPU samples, or comes from a stream too old to say what the host used.
double otherLoadCores(const RunData& run);
double runLoadCores(const RunData& run);

// The exercise, backend-independent: a run's exercise and its parameters as run_started gave them, so runs of
// the same work can be found in the library whatever page or file they came from.
QString runWorkKey(const RunData& run);

// Updates lost by a run whose checks report them ("lost"), or 0.
qint64 lostUpdates(const ResultEvent& result);

struct RunSummary {
    RunMeasures measures;
    QString html; // for the result panel
};

// A finished run with a result, against the sequential run of the same parameters when there is one. The
// speedup compares work per second, so it stays right for an exercise whose work grows with the workers
// (each worker adds M to the counter); where the work is the same, that is the ratio of the times.
RunSummary summariseRun(const RunData& run, std::optional<BaselineRun> baseline, int cores);

// A finished sweep: its Amdahl fit (NaN when it had one worker count), the fastest chunksize (0 if none) and
// how busy other programs kept the cores just before it.
RunSummary summariseSweep(std::size_t runs, double parallelFraction, std::uint64_t bestChunksize,
                          double busyCoresBefore, int cores);

// A finished shared-counter run, for the comparison of modes; nullopt when the run had no counter.
std::optional<CounterRunSummary> summariseCounter(const RunData& run, const RunMeasures& measures);

// The exercise's own checks as a small table ("lost 1,234", "files failed 2 (a.png: truncated; …)").
QString checksHtml(const JsonFields& checks);

// A finished run in one line, for the student's progress record, with what decides its figure
// ("processes (fork), 2 worker(s), chunksize 250, n 2,000,000, block 1,000: 0.476 s, 1.92× faster · 42");
// empty when it has not measured its time.
QString oneLineResult(const RunData& run, const RunMeasures& measures);

// "0.412 s", "12.3 s"
QString secondsText(double s);

} // namespace mpwb

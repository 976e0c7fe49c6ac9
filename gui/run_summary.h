#pragma once
// What a finished run or sweep measured, and the words the result panel shows for it. Pure: built from a
// RunData and the baseline, so it is the same for a live run and a saved one, and testable without widgets.

#include <QString>
#include <optional>

#include "counter_plot.h"
#include "prediction.h"
#include "run_data.h"

namespace mpwb {

// The sequential run a parallel one is compared with: its time and how much work it did.
struct BaselineRun {
    double seconds = 0;
    std::uint64_t work = 0; // run_started's items: blocks, files, increments
};

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

// "0.412 s", "12.3 s"
QString secondsText(double s);

} // namespace mpwb

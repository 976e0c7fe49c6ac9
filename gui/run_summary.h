#pragma once
// What a finished run or sweep measured, and the words the result panel shows for it. Pure: built from a
// RunData and the baseline, so it is the same for a live run and a saved one, and testable without widgets.

#include <QString>
#include <optional>

#include "counter_plot.h"
#include "prediction.h"
#include "run_data.h"

namespace mpwb {

struct RunSummary {
    RunMeasures measures;
    QString html; // for the result panel
};

// A finished run with a result; baselineSeconds is the sequential run of the same work, when there is one.
RunSummary summariseRun(const RunData& run, std::optional<double> baselineSeconds, int cores);

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

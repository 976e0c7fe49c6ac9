// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The arithmetic of a sweep: medians of repeats, speedup, efficiency, Karp-Flatt and the Amdahl fit drawn on
// the speedup plot. Pure functions, no I/O.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "events.h"

namespace mpwb {

// Middle value; with an even count, the mean of the two middle values. Throws std::invalid_argument if empty.
double median(std::vector<double> values);

// t1 / tn. NaN when either time is not a positive number.
double speedup(double sequentialSeconds, double parallelSeconds);
// speedup / n. NaN when n < 1.
double efficiency(double speedup, int workers);
// Karp-Flatt experimentally determined serial fraction e = (1/S - 1/n) / (1 - 1/n). NaN when n <= 1 or S <=
// 0.
double karpFlatt(double speedup, int workers);
// Amdahl's law: 1 / ((1 - p) + p / n). NaN when n < 1.
double amdahlSpeedup(double parallelFraction, int workers);

// The parallel fraction p in [0, 1] whose Amdahl curve is closest, in least squares on speedup, to the
// measured points. Points with n <= 1 or a non-finite speedup say nothing about p and are ignored; with no
// point left the answer is NaN.
double fitAmdahlParallelFraction(const std::vector<std::pair<int, double>>& workersAndSpeedup);

// All repeats of one point of a sweep.
struct SweepCell {
    std::string backend;
    int workers = 1;
    std::uint64_t chunksize = 1;
    std::vector<double> wallSeconds;

    bool operator==(const SweepCell&) const = default;
};

struct SweepSummaryRow {
    std::string backend;
    int workers = 1;
    std::uint64_t chunksize = 1;
    double medianSeconds = 0;
    double minSeconds = 0;
    double maxSeconds = 0;
    double speedup = 0; // against the sequential median
    double efficiency = 0;
    // Karp-Flatt's serial fraction, in [0, 1], when the measurement allows one. Outside [0, 1] (a run more
    // than n times faster than the baseline, or slower than the baseline) the formula measures a disturbance
    // (a slow baseline, a busy machine, overhead that outweighs the work), not a part of the work, and a
    // "serial fraction" of -5% or 300% must not be shown: then karpFlatt is NaN, karpFlattDisturbed is true
    // and karpFlattFormula keeps what the formula gave, to say which way. NaN for one worker too, so this
    // struct has no operator==.
    double karpFlatt = 0;
    double karpFlattFormula = 0;
    bool karpFlattDisturbed = false;
};

// One row per cell, in the cells' order. Cells without any repeat yet (a sweep still running) are left out.
std::vector<SweepSummaryRow> summarise(const std::vector<SweepCell>& cells, double sequentialMedianSeconds);

// The points of a sweep grouped into cells, in the order they first appear; sequential points (the baseline)
// are left out.
std::vector<SweepCell> sweepCells(const std::vector<SweepPointEvent>& points);

// Amdahl's p fitted to the best speedup per worker count, only over worker counts from 2 up to the cores:
// beyond the cores the workers take turns, so a slower point says nothing about the work's parallel part.
struct AmdahlFit {
    double parallelFraction = 0;  // NaN when no worker count in 2..cores was measured
    std::vector<int> workersUsed; // ascending
    int workersLeftOut = 0;       // worker counts above the cores, measured but not fitted
};

// Everything the runner and the GUI say about a sweep, computed in one place so they cannot disagree.
struct SweepAnalysis {
    double sequentialMedianSeconds = 0; // NaN without a sequential point
    std::vector<SweepSummaryRow> rows;  // one per (backend, workers, chunksize), as sweepCells orders them
    std::vector<SweepSummaryRow> bestPerWorkers; // per worker count the fastest row, ascending workers
    std::uint64_t bestChunksize = 0; // fastest chunksize at the largest worker count; 0: none (or "auto")
    AmdahlFit amdahl;
};

// cores < 1 means unknown: then every worker count is fitted.
SweepAnalysis analyseSweep(const std::vector<SweepPointEvent>& points, int cores);

} // namespace mpwb

#pragma once
// The arithmetic of a sweep: medians of repeats, speedup, efficiency, Karp-Flatt and the Amdahl fit drawn on
// the speedup plot. Pure functions, no I/O.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

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
    double karpFlatt = 0; // NaN for one worker, so this struct has no operator==
};

// One row per cell, in the cells' order. Cells without any repeat yet (a sweep still running) are left out.
std::vector<SweepSummaryRow> summarise(const std::vector<SweepCell>& cells, double sequentialMedianSeconds);

} // namespace mpwb

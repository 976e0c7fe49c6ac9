// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweep_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <tuple>

namespace mpwb {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const char* const kSequentialBackend = "sequential"; // its points are the baseline, not a cell

double squaredError(const std::vector<std::pair<int, double>>& points, double p) {
    double sum = 0;
    for (const auto& [n, s] : points) {
        const double residual = s - amdahlSpeedup(p, n);
        sum += residual * residual;
    }
    return sum;
}

} // namespace

double median(std::vector<double> values) {
    if (values.empty()) throw std::invalid_argument("the median of no values is undefined");
    const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    if (values.size() % 2 == 1) return *middle;
    // nth_element leaves everything below the middle in front of it, so the other middle value is their max.
    const double below = *std::max_element(values.begin(), middle);
    return (below + *middle) / 2;
}

double speedup(double sequentialSeconds, double parallelSeconds) {
    if (!(sequentialSeconds > 0) || !(parallelSeconds > 0)) return kNaN;
    return sequentialSeconds / parallelSeconds;
}

double efficiency(double speedup, int workers) {
    if (workers < 1) return kNaN;
    return speedup / workers;
}

double karpFlatt(double speedup, int workers) {
    if (workers <= 1 || !(speedup > 0)) return kNaN;
    const double n = workers;
    return (1 / speedup - 1 / n) / (1 - 1 / n);
}

double amdahlSpeedup(double parallelFraction, int workers) {
    if (workers < 1) return kNaN;
    return 1 / ((1 - parallelFraction) + parallelFraction / workers);
}

double fitAmdahlParallelFraction(const std::vector<std::pair<int, double>>& workersAndSpeedup) {
    std::vector<std::pair<int, double>> points;
    for (const auto& point : workersAndSpeedup) {
        if (point.first > 1 && std::isfinite(point.second)) points.push_back(point);
    }
    if (points.empty()) return kNaN;

    // The error need not have a single valley over all of [0, 1], so a coarse scan finds the right valley
    // first and a golden-section search then narrows it down.
    constexpr int kSteps = 1000;
    int best = 0;
    double bestError = squaredError(points, 0);
    for (int i = 1; i <= kSteps; ++i) {
        const double error = squaredError(points, static_cast<double>(i) / kSteps);
        if (error < bestError) {
            bestError = error;
            best = i;
        }
    }

    double lo = static_cast<double>(std::max(best - 1, 0)) / kSteps;
    double hi = static_cast<double>(std::min(best + 1, kSteps)) / kSteps;
    const double ratio = (std::sqrt(5.0) - 1) / 2;
    double a = hi - ratio * (hi - lo);
    double b = lo + ratio * (hi - lo);
    double errorA = squaredError(points, a);
    double errorB = squaredError(points, b);
    for (int i = 0; i < 60 && hi - lo > 1e-12; ++i) {
        if (errorA < errorB) {
            hi = b;
            b = a;
            errorB = errorA;
            a = hi - ratio * (hi - lo);
            errorA = squaredError(points, a);
        } else {
            lo = a;
            a = b;
            errorA = errorB;
            b = lo + ratio * (hi - lo);
            errorB = squaredError(points, b);
        }
    }
    const double refined = (lo + hi) / 2;
    // The ends of [0, 1] are not interior points, so the search may miss them; keep the scan's pick if
    // better.
    const double scanned = static_cast<double>(best) / kSteps;
    return squaredError(points, refined) <= squaredError(points, scanned) ? refined : scanned;
}

std::vector<SweepSummaryRow> summarise(const std::vector<SweepCell>& cells, double sequentialMedianSeconds) {
    std::vector<SweepSummaryRow> rows;
    rows.reserve(cells.size());
    for (const SweepCell& cell : cells) {
        if (cell.wallSeconds.empty()) continue;
        SweepSummaryRow row;
        row.backend = cell.backend;
        row.workers = cell.workers;
        row.chunksize = cell.chunksize;
        row.medianSeconds = median(cell.wallSeconds);
        const auto [fastest, slowest] = std::minmax_element(cell.wallSeconds.begin(), cell.wallSeconds.end());
        row.minSeconds = *fastest;
        row.maxSeconds = *slowest;
        row.speedup = speedup(sequentialMedianSeconds, row.medianSeconds);
        row.efficiency = efficiency(row.speedup, cell.workers);
        row.karpFlattFormula = karpFlatt(row.speedup, cell.workers);
        row.karpFlatt = row.karpFlattFormula;
        if (row.karpFlattFormula < 0 || row.karpFlattFormula > 1) {
            row.karpFlatt = std::numeric_limits<double>::quiet_NaN();
            row.karpFlattDisturbed = true;
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<SweepCell> sweepCells(const std::vector<SweepPointEvent>& points) {
    std::vector<SweepCell> cells;
    std::map<std::tuple<std::string, int, std::uint64_t>, std::size_t> index;
    for (const auto& p : points) {
        if (p.backend == kSequentialBackend) continue;
        auto [it, fresh] = index.try_emplace({p.backend, p.workers, p.chunksize}, cells.size());
        if (fresh) cells.push_back(SweepCell{p.backend, p.workers, p.chunksize, {}});
        cells[it->second].wallSeconds.push_back(static_cast<double>(p.wallNs) / 1e9);
    }
    return cells;
}

SweepAnalysis analyseSweep(const std::vector<SweepPointEvent>& points, int cores) {
    SweepAnalysis analysis;
    std::vector<double> baseline;
    for (const auto& p : points)
        if (p.backend == kSequentialBackend) baseline.push_back(static_cast<double>(p.wallNs) / 1e9);
    analysis.sequentialMedianSeconds = baseline.empty() ? kNaN : median(baseline);
    analysis.rows = summarise(sweepCells(points), analysis.sequentialMedianSeconds);

    std::map<int, const SweepSummaryRow*> fastest;
    for (const auto& row : analysis.rows) {
        auto& slot = fastest[row.workers];
        if (!slot || row.medianSeconds < slot->medianSeconds) slot = &row;
    }
    for (const auto& [workers, row] : fastest)
        analysis.bestPerWorkers.push_back(*row);

    // The advice comes from the largest worker count, where chunking matters most; "auto" (0) is no advice.
    std::map<int, const SweepSummaryRow*> fastestSized;
    for (const auto& row : analysis.rows) {
        if (row.chunksize == 0) continue;
        auto& slot = fastestSized[row.workers];
        if (!slot || row.medianSeconds < slot->medianSeconds) slot = &row;
    }
    if (!fastestSized.empty()) analysis.bestChunksize = fastestSized.rbegin()->second->chunksize;

    std::vector<std::pair<int, double>> fitted;
    for (const auto& row : analysis.bestPerWorkers) {
        if (row.workers < 2 || !std::isfinite(row.speedup)) continue;
        if (cores >= 1 && row.workers > cores) {
            ++analysis.amdahl.workersLeftOut;
            continue;
        }
        fitted.emplace_back(row.workers, row.speedup);
        analysis.amdahl.workersUsed.push_back(row.workers);
    }
    analysis.amdahl.parallelFraction = fitAmdahlParallelFraction(fitted);
    return analysis;
}

} // namespace mpwb

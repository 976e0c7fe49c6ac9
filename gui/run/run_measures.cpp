// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_measures.h"

#include <algorithm>
#include <cmath>

#include "run_data.h"
#include "run_summary.h" // runLoadCores

namespace mpwb {

namespace {

std::optional<double> number(const std::map<std::string, std::string>& fields, const std::string& key) {
    const auto it = fields.find(key);
    if (it == fields.end()) return std::nullopt;
    bool ok = false;
    const double v = QString::fromStdString(it->second).remove('"').toDouble(&ok);
    if (!ok) return std::nullopt;
    return v;
}

} // namespace

QStringList measureNames() {
    return {"speedup",    "efficiency",    "seconds",   "best-chunksize", "parallel-fraction",
            "lost-share", "startup-share", "cpu-cores", "stage-ratio",    "chunksize-ratio"};
}

bool measureNeedsSweep(const QString& measure) {
    return measure == "best-chunksize" || measure == "parallel-fraction" || measure == "chunksize-ratio";
}

bool measureIsShare(const QString& measure) {
    return measure == "efficiency" || measure == "parallel-fraction" || measure == "lost-share" ||
           measure == "startup-share";
}

std::optional<double> lostShare(const std::map<std::string, std::string>& checks) {
    const auto lost = number(checks, "lost");
    const auto expected = number(checks, "expected");
    if (!lost || !expected || *expected <= 0) return std::nullopt;
    return 100.0 * *lost / *expected;
}

std::optional<double> startupShare(const RunData& run) {
    if (run.workers.empty() || !run.finished || run.finished->wallNs <= 0) return std::nullopt;
    std::int64_t slowest = 0;
    for (const auto& w : run.workers)
        slowest = std::max(slowest, w.startupNs);
    return 100.0 * double(slowest) / double(slowest + run.finished->wallNs);
}

std::optional<double> cpuCores(const RunData& run) {
    const double cores = runLoadCores(run);
    if (!std::isfinite(cores)) return std::nullopt;
    return cores;
}

std::optional<double> stageRatio(const RunData& run) {
    if (!run.started || run.started->exercise != "pipeline" || !run.finished || run.finished->wallNs <= 0)
        return std::nullopt;
    const auto& params = run.started->params;
    const auto items = number(params, "items");
    const auto workUs = number(params, "work-us");
    const auto collectUs = number(params, "collect-us");
    if (!items || !workUs || !collectUs) return std::nullopt;
    const double produceUs = number(params, "produce-us").value_or(0);
    const int workers = std::max(1, run.started->workers);
    const double busiestNs =
        std::max({*items * produceUs, *items * *collectUs, *items * *workUs / workers}) * 1000;
    if (busiestNs <= 0) return std::nullopt;
    return double(run.finished->wallNs) / busiestNs;
}

std::optional<double> chunksizeRatio(const RunData& sweep) {
    if (sweep.sweepPoints.empty()) return std::nullopt;
    int workers = 0;
    for (const auto& p : sweep.sweepPoints)
        workers = std::max(workers, p.workers);
    std::map<std::uint64_t, std::pair<double, int>> byChunksize; // total seconds, runs
    for (const auto& p : sweep.sweepPoints) {
        if (p.workers != workers || p.wallNs <= 0) continue;
        auto& [total, runs] = byChunksize[p.chunksize];
        total += double(p.wallNs) / 1e9;
        ++runs;
    }
    if (byChunksize.size() < 2) return std::nullopt;
    const auto mean = [](const std::pair<double, int>& t) { return t.first / t.second; };
    return mean(byChunksize.begin()->second) / mean(byChunksize.rbegin()->second);
}

std::optional<double> measureValue(const QString& measure, const RunMeasures& m, const RunData* run) {
    if (measure == "speedup") return m.speedup;
    if (measure == "efficiency") return m.efficiency;
    if (measure == "seconds") return m.seconds;
    if (measure == "best-chunksize") return m.bestChunksize;
    if (measure == "parallel-fraction") return m.parallelFraction;
    if (measure == "lost-share") return lostShare(m.checks);
    if (measure.startsWith("check.")) return number(m.checks, measure.mid(6).toStdString());
    if (!run) return std::nullopt;
    if (measure == "startup-share") return startupShare(*run);
    if (measure == "cpu-cores") return cpuCores(*run);
    if (measure == "stage-ratio") return stageRatio(*run);
    if (measure == "chunksize-ratio") return chunksizeRatio(*run);
    return std::nullopt;
}

} // namespace mpwb

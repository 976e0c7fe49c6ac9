// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What one finished run or sweep measured, in numbers a lesson's prediction can be checked against.

#include <QString>
#include <QStringList>
#include <map>
#include <optional>
#include <string>

namespace mpwb {

struct RunData;

// What one finished run or sweep measured; a field is empty when that run cannot say (no baseline, no sweep).
struct RunMeasures {
    std::optional<double> speedup;          // against a sequential run of the same work
    std::optional<double> efficiency;       // percent
    std::optional<double> seconds;          // wall time of the map
    std::optional<double> bestChunksize;    // sweeps
    std::optional<double> parallelFraction; // percent, from the Amdahl fit of a sweep
    std::map<std::string, std::string> checks;
};

// The measures a prediction can name (docs/LESSONS.md), besides check.NAME.
QStringList measureNames();
// Whether a measure is taken from a sweep (the prediction's link then needs action=sweep) or from one run.
bool measureNeedsSweep(const QString& measure);
// Whether a measure is a share in percent (0..100), so guesses are judged in percentage points.
bool measureIsShare(const QString& measure);

// The value of a measure named as in docs/LESSONS.md ("speedup", "check.lost", "lost-share", ...), if the run
// has it. The measures read from the run's own events (cpu-cores, startup-share, stage-ratio,
// chunksize-ratio) need the run (or sweep) itself; without it they are empty.
std::optional<double> measureValue(const QString& measure, const RunMeasures& measures,
                                   const RunData* run = nullptr);

// The measures read from a run's events, one by one (nullopt when the run cannot say):
// lost-share: the increments lost, in percent of those made (the checks' lost over expected).
std::optional<double> lostShare(const std::map<std::string, std::string>& checks);
// startup-share: the slowest worker's start-up (asking for it until it said it was ready), in percent of that
// start-up plus the map's wall time, i.e. the share of the run spent before every worker could take work.
std::optional<double> startupShare(const RunData& run);
// cpu-cores: how many cores' worth of CPU the run itself (host and workers) kept busy, on average.
std::optional<double> cpuCores(const RunData& run);
// stage-ratio: a pipeline's wall time over the CPU time its busiest stage must spend (the producer's items ×
// produce-us, the collector's items × collect-us, or each worker's share of items × work-us); 1 means the run
// went at that stage's pace.
std::optional<double> stageRatio(const RunData& run);
// chunksize-ratio: in a sweep, the mean time at the smallest chunksize over the mean time at the largest (at
// the sweep's largest worker count): how many times as long the small chunks take as the large ones.
std::optional<double> chunksizeRatio(const RunData& sweep);

} // namespace mpwb

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What one finished run or sweep measured, in numbers a lesson's prediction can be checked against.

#include <QString>
#include <map>
#include <optional>
#include <string>

namespace mpwb {

// What one finished run or sweep measured; a field is empty when that run cannot say (no baseline, no sweep).
struct RunMeasures {
    std::optional<double> speedup;          // against a sequential run of the same work
    std::optional<double> efficiency;       // percent
    std::optional<double> seconds;          // wall time of the map
    std::optional<double> bestChunksize;    // sweeps
    std::optional<double> parallelFraction; // percent, from the Amdahl fit of a sweep
    std::map<std::string, std::string> checks;
};

// The value of a measure named as in docs/LESSONS.md ("speedup", "check.lost", ...), if the run has it.
std::optional<double> measureValue(const QString& measure, const RunMeasures& measures);

} // namespace mpwb

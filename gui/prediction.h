#pragma once
// Predict, then run: what a finished run measured, the number a lesson's prediction asks about, and the
// words that put the student's guess beside the measurement. Pure functions, tested without widgets.

#include <QString>
#include <map>
#include <optional>
#include <string>

#include "lesson.h"

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

// "1.82×", "35%", "0.412 s", "1,000": a value as the student reads it.
QString formatMeasure(const QString& measure, const QString& unit, double value);

// HTML: the guess beside the measurement, how far off it was in plain words, and the lesson's explanation.
QString describePrediction(const Prediction& prediction, double guess, double measured);

} // namespace mpwb

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Predict, then run: what a finished run measured, the number a lesson's prediction asks about, and the
// words that put the student's guess beside the measurement. Pure functions, tested without widgets.

#include <QString>
#include <map>
#include <optional>
#include <string>

#include "lesson.h"
#include "run_measures.h"

namespace mpwb {

// A guess at a share (measureIsShare) is close when it is within this many percentage points of the
// measurement; any other guess, within 10% of it (a chunksize, within a factor of about three).
inline constexpr int kSharePoints = 5;

// "1.82×", "35%", "0.412 s", "1,000": a value as the student reads it.
QString formatMeasure(const QString& measure, const QString& unit, double value);

// HTML: the guess beside the measurement, how far off it was in plain words, and the lesson's explanation.
QString describePrediction(const Prediction& prediction, double guess, double measured);

} // namespace mpwb

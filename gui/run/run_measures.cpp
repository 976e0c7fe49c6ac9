// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_measures.h"

namespace mpwb {

std::optional<double> measureValue(const QString& measure, const RunMeasures& m) {
    if (measure == "speedup") return m.speedup;
    if (measure == "efficiency") return m.efficiency;
    if (measure == "seconds") return m.seconds;
    if (measure == "best-chunksize") return m.bestChunksize;
    if (measure == "parallel-fraction") return m.parallelFraction;
    if (measure.startsWith("check.")) {
        const auto it = m.checks.find(measure.mid(6).toStdString());
        if (it == m.checks.end()) return std::nullopt;
        bool ok = false;
        const double v = QString::fromStdString(it->second).toDouble(&ok);
        if (ok) return v;
    }
    return std::nullopt;
}

} // namespace mpwb

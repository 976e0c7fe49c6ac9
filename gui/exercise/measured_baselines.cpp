// SPDX-License-Identifier: GPL-3.0-or-later
#include "measured_baselines.h"

#include <QDateTime>
#include <algorithm>
#include <cmath>

#include "run_summary.h"

namespace mpwb {
namespace {

// A baseline older than this, or measured while the machine's load differed by this much, is measured again.
constexpr qint64 kBaselineStaleMs = qint64{10} * 60 * 1000;
constexpr double kLoadChangeCores = 0.5;

} // namespace

void MeasuredBaselines::record(const QString& workKey, RunModel* run) {
    m_baselines[workKey] =
        Baseline{run, std::max(0.0, otherLoadCores(run->data())), QDateTime::currentMSecsSinceEpoch()};
}

RunModel* MeasuredBaselines::find(const QString& workKey) const {
    const auto it = m_baselines.constFind(workKey);
    return it != m_baselines.constEnd() ? it->run : nullptr;
}

bool MeasuredBaselines::needsNew(const QString& workKey, double busyOtherCoresNow) const {
    const auto it = m_baselines.constFind(workKey);
    if (it == m_baselines.constEnd() || !it->run) return true;
    if (QDateTime::currentMSecsSinceEpoch() - it->measuredAtMs > kBaselineStaleMs) return true;
    // The machine's load changed since: a baseline measured under other conditions compares nothing.
    return std::isfinite(busyOtherCoresNow) &&
           std::abs(busyOtherCoresNow - it->busyOtherCores) >= kLoadChangeCores;
}

} // namespace mpwb

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The sequential runs an exercise page measured as baselines, by the work they measured (ParameterForm's
// workKey). One serves for ten minutes, and only while other programs keep about as many cores busy as when
// it was measured: a baseline measured under other conditions would make every speedup against it wrong.

#include <QHash>
#include <QPointer>
#include <QString>

#include "run_model.h"

namespace mpwb {

class MeasuredBaselines {
public:
    // Keeps this finished sequential run as the baseline of its work, measured now.
    void record(const QString& workKey, RunModel* run);
    // The run kept for this work; null when there is none, or it has left the library.
    RunModel* find(const QString& workKey) const;
    // True when the work has no baseline that still serves, given how many cores other programs keep busy
    // now (NaN when that is not known yet: the load is then not held against the baseline).
    bool needsNew(const QString& workKey, double busyOtherCoresNow) const;

private:
    struct Baseline {
        QPointer<RunModel> run;    // the sequential run, in the library
        double busyOtherCores = 0; // what other programs used while it ran
        qint64 measuredAtMs = 0;   // QDateTime::currentMSecsSinceEpoch()
    };
    QHash<QString, Baseline> m_baselines;
};

} // namespace mpwb

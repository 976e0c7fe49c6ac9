// SPDX-License-Identifier: GPL-3.0-or-later
#include "compare_rows.h"

#include <QObject>
#include <cmath>
#include <limits>

#include "run_summary.h"
#include "speedup_wording.h"
#include "sweep_stats.h" // median

namespace mpwb {
namespace {} // namespace

QString backendWords(const QString& backend) {
    return QString::fromStdString(backendForStudents(backend.toStdString()));
}

std::vector<CompareRow> compareRows(const std::vector<const RunData*>& runs) {
    std::vector<CompareRow> rows;
    double baseRate = std::numeric_limits<double>::quiet_NaN(); // sequential work per second
    for (const auto* run : runs)
        if (run->started && run->started->backend == "sequential" && run->finished &&
            run->finished->status == "ok" && run->finished->wallNs > 0)
            baseRate = double(run->started->items) / (run->finished->wallNs / 1e9);
    for (const auto* run : runs) {
        CompareRow row;
        if (run->started) {
            row.backend = QString::fromStdString(run->started->backend);
            // A Python run announces 0 workers: count the ones that started.
            row.workers = run->started->workers > 0 ? run->started->workers : int(run->workers.size());
            row.label = backendWords(row.backend);
            if (row.backend != "sequential") row.label += QObject::tr(" × %1").arg(row.workers);
            if (!run->started->startMethod.empty())
                row.label += " (" + QString::fromStdString(run->started->startMethod) + ")";
        }
        row.finished = run->finished && run->finished->status == "ok";
        row.wallSeconds = run->finished ? run->finished->wallNs / 1e9 : run->lastEventSeconds;
        row.correct = run->result && run->result->correct && lostUpdates(*run->result) == 0;
        std::vector<double> startups;
        for (const auto& w : run->workers)
            startups.push_back(double(w.startupNs) / 1e6);
        if (!startups.empty()) row.startupMs = median(startups);
        row.workerCores = runLoadCores(*run);
        row.otherCores = otherLoadCores(*run);
        row.speedup = row.finished && run->started && row.wallSeconds > 0
                          ? (double(run->started->items) / row.wallSeconds) / baseRate
                          : std::numeric_limits<double>::quiet_NaN();
        rows.push_back(row);
    }
    return rows;
}

QString compareVerdict(const std::vector<CompareRow>& rows, int cores) {
    std::vector<BackendOutcome> outcomes;
    for (const auto& r : rows)
        if (r.finished)
            outcomes.push_back({r.backend.toStdString(), r.speedup, r.workerCores, r.otherCores, r.correct});
    if (outcomes.empty()) return {};
    return QString::fromStdString(describeComparison(outcomes, cores));
}

} // namespace mpwb

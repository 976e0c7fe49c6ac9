// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a comparison of runs measured, one row per run, from the runs' own events: wall time, speedup
// against the sequential run among them (work per second, so a counter whose work grows with the workers is
// compared fairly), how many cores the workers really kept busy, and whether the answer was right.

#include <QString>
#include <QVector>

#include "run_data.h"

namespace mpwb {

struct CompareRow {
    QString backend; // "processes", "gil-threads", ...
    QString label;   // "processes × 2 (fork)"
    int workers = 1;
    double wallSeconds = 0;
    double speedup = 0;     // NaN without a sequential run to compare with
    double workerCores = 0; // average cores' worth of CPU the run used (1.0 = one whole core); NaN: unknown
    double otherCores = 0;  // what the rest of the machine used meanwhile
    double startupMs = 0;   // median start-up of a worker (asking for it to its being ready); 0: none
    bool correct = false;
    bool finished = false; // false while it runs, or when it failed
};

std::vector<CompareRow> compareRows(const std::vector<const RunData*>& runs);

// A backend's name as a student reads it (the engine's words: "threads with a GIL", ...).
QString backendWords(const QString& backend);

// The engine's verdict on these rows (describeComparison), e.g. "threads with a GIL: one core at a time,
// 1.02×; processes: both cores, 1.94×", which blames a busy machine, not the code, when it was busy.
QString compareVerdict(const std::vector<CompareRow>& rows, int cores);

} // namespace mpwb

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A run at the playback cursor in words, one short paragraph per kind of view: what its picture shows at that
// moment, for a student who cannot see it (a screen reader speaks it as the view's accessible description).
// Pure: built from a RunFrame alone, so the words and the picture cannot disagree. The kitchen has its own
// words (describeKitchen), built from its scene.

#include <QString>

#include "run_model.h"

namespace mpwb {

enum class ViewKind { Cores, Timeline, WorkerCpu, Speedup, Chunksize, Queues, Counter, Files };

// "At 0.412 s of 1.200 s. 2 of 8 cores busy: core 3 at 97%, core 5 at 95%. Worker 0 on core 3 at 96%, …"
QString frameWords(ViewKind view, const RunFrame& frame);

// Where the cursor is: "No run yet.", "Live, at 0.412 s.", "At 0.412 s of 1.200 s." or "The run is over:
// ok, in 1.200 s." Every view's words begin with it.
QString cursorWords(const RunFrame& frame);

} // namespace mpwb

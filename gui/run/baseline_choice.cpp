// SPDX-License-Identifier: GPL-3.0-or-later
#include "baseline_choice.h"

#include <algorithm>

#include "run_library.h"

namespace mpwb {

bool isBaselineFor(const RunModel* candidate, const RunData& run) {
    if (!candidate) return false;
    const auto& o = candidate->data();
    return o.started && o.started->backend == "sequential" && o.finished && o.result &&
           o.finished->status == "ok" && runWorkKey(o) == runWorkKey(run) && o.hello && run.hello &&
           o.hello->machine == run.hello->machine && o.hello->cores == run.hello->cores;
}

std::optional<BaselineRun> chooseBaseline(const RunData& run, const RunModel* preferred,
                                          const RunLibrary& library) {
    const RunModel* chosen = isBaselineFor(preferred, run) ? preferred : nullptr;
    for (int row = library.size() - 1; row >= 0 && !chosen; --row)
        if (isBaselineFor(library.runAt(row), run)) chosen = library.runAt(row);
    if (!chosen) return std::nullopt;
    const auto& o = chosen->data();
    return BaselineRun{o.finished->wallNs / 1e9, o.started->items, std::max(0.0, otherLoadCores(o))};
}

} // namespace mpwb

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which sequential run a parallel one is compared with: the one measured for it when that is still usable,
// else the newest sequential run of the same work on the same machine in the library. Runs of other work,
// or from another machine (an opened file), compare nothing and are never chosen.

#include <optional>

#include "run_summary.h"

namespace mpwb {

class RunLibrary;
class RunModel;

// True when `candidate` is a finished, correct sequential run of the same work as `run`, on the same machine.
bool isBaselineFor(const RunModel* candidate, const RunData& run);

// `preferred` (may be null) first, then the library from newest to oldest.
std::optional<BaselineRun> chooseBaseline(const RunData& run, const RunModel* preferred,
                                          const RunLibrary& library);

} // namespace mpwb

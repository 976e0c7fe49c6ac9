// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How many workers a run shown in a frame has, for views that give each worker a lane.

#include "run_model.h"

namespace mpwb {

// As run_started announced, or, for a run that learns its workers as they start (a Python run announces 0),
// as many as have started or done a chunk by the frame's moment.
int shownWorkerCount(const RunFrame& frame);

} // namespace mpwb

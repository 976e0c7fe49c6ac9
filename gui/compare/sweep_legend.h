// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What tells overlaid sweeps apart in a legend: only the settings in which they differ ("fork" and "spawn",
// not "sum-squares · sweep of processes (fork), 1–8 workers" twice over). Sweeps that differ in nothing
// recorded are told apart by when they ran.

#include <QStringList>
#include <vector>

namespace mpwb {

class RunModel;

QStringList sweepLegend(const std::vector<const RunModel*>& sweeps);

} // namespace mpwb

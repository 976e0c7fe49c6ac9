// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The measurements of our own engine. Each function runs its repeats interleaved (every variant once per
// round), so a slow spell of a shared machine falls on all variants alike rather than on one.
//
// Pools are started by fork, which needs a single-threaded process: every function leaves no thread behind.

#include "bench_results.h"

namespace mpwb::bench {

// cores spin processes at once against one alone; probes how much parallel CPU the machine really gives.
Samples measureAvailableParallelism(const BenchConfig& config);

// The trivial task "square" over M items, processes/fork at workers = cores against the sequential executor.
std::vector<OverheadRow> measureItemOverhead(const BenchConfig& config);

// Exercise 1 through RunSession: sequential, then processes (fork), threads and gil-threads at workers =
// cores.
SpeedupResult measureSpeedup(const BenchConfig& config);

// Start-up of a pool of `cores` workers, by fork, by spawn and by forkserver (whose pool figure includes
// starting its server; each worker's own figure does not).
std::vector<StartupRow> measureStartup(const BenchConfig& config);

// Exercise 1 at a small chunksize with the runner's event pipeline (ChunkAggregator -> JsonLinesSink to
// /dev/null) against no sink at all.
EventCost measureEventCost(const BenchConfig& config);

} // namespace mpwb::bench

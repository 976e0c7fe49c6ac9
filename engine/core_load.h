// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Who kept the cores busy while a run went on: the run itself, or other programs on the machine. A run that
// shared the cores with a compiler looks slow for reasons that are not in its code, and the compare's verdict
// must be able to say so. Pure arithmetic on CPU samples, no I/O.

#include <vector>

#include "events.h"

namespace mpwb {

// From this much other load, in cores' worth on average, a verdict blames the machine and not the code: a
// quarter of a core is enough to bend a speedup measured on a few cores.
inline constexpr double kNoticeableOtherCores = 0.25;

// One CPU sample, in cores' worth (1.0 = one core flat out for the whole interval).
struct CoreLoadSample {
    double machineCores = 0; // every core's busy share, added up
    double runCores = 0;     // the part this run used: its host process and its worker processes

    bool operator==(const CoreLoadSample&) const = default;
};

// The machine's load is the cores' busy percentages added up. The run's is the host's own CPU percentage
// over the same interval (all its threads, so thread workers are in it) plus the cpu_percent of the worker
// processes; workers that are threads of the host (inHost) are left out, being counted in the host's
// already. runCores is NaN when the sample has no measure of the host (a stream older than format 3).
CoreLoadSample coreLoad(const CpuEvent& sample);

// The cores this run kept busy, averaged over the samples; NaN without a sample.
double averageRunCores(const std::vector<CoreLoadSample>& samples);

// The cores' worth other programs used meanwhile: machine minus run, averaged, then clamped at 0 (the two
// are measured a moment apart, so on a quiet machine the difference wobbles around 0). NaN without a sample.
double averageOtherCores(const std::vector<CoreLoadSample>& samples);

} // namespace mpwb

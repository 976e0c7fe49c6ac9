// SPDX-License-Identifier: GPL-3.0-or-later
#include "core_load.h"

#include <algorithm>
#include <limits>

namespace mpwb {

CoreLoadSample coreLoad(const CpuEvent& sample) {
    CoreLoadSample load;
    for (double percent : sample.cores)
        load.machineCores += percent / 100;
    load.runCores = sample.hostCpuPercent / 100;
    for (const auto& worker : sample.workers)
        if (!worker.inHost) load.runCores += worker.cpuPercent / 100;
    return load;
}

double averageRunCores(const std::vector<CoreLoadSample>& samples) {
    if (samples.empty()) return std::numeric_limits<double>::quiet_NaN();
    double sum = 0;
    for (const auto& s : samples)
        sum += s.runCores;
    return sum / static_cast<double>(samples.size());
}

double averageOtherCores(const std::vector<CoreLoadSample>& samples) {
    if (samples.empty()) return std::numeric_limits<double>::quiet_NaN();
    double sum = 0;
    for (const auto& s : samples)
        sum += s.machineCores - s.runCores;
    // Clamped only after averaging: clamping each sample would turn the wobble into a load that is not there.
    return std::max(0.0, sum / static_cast<double>(samples.size()));
}

} // namespace mpwb

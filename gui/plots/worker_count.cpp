// SPDX-License-Identifier: GPL-3.0-or-later
#include "worker_count.h"

#include <algorithm>

namespace mpwb {

int shownWorkerCount(const RunFrame& frame) {
    int count = frame.started() ? frame.started()->workers : 0;
    for (const auto& w : frame.workers())
        count = std::max(count, w.worker + 1);
    for (const auto& c : frame.chunks())
        count = std::max(count, c.worker + 1);
    return count;
}

} // namespace mpwb

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The pipeline's stall watch: the host looks at every stage's steps on the board and calls the run stalled
// when a stage has held an item for the stall timeout without finishing it (stopped, or stuck in its work),
// or when no stage at all has moved for that long (one of them stopped while waiting, and the rest wait for
// it). The error names the stage, its pid, what it was doing and for how long.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

#include "events.h"
#include "pipeline_stages.h"

namespace mpwb::exercises {

// One stage as the watch sees it.
struct WatchedStage {
    std::string label; // "worker 2", "the producer"
    int number = 0;    // in events
    pid_t pid = -1;
    const StageProgress* progress = nullptr;
    std::string input, output; // the queues it takes from and puts on; "" for none
    bool ended = false;        // reaped: nothing more to watch
};

class PipelineStallWatch {
public:
    // `stages` stages, first looked at now (`nowNs`, monotonic).
    PipelineStallWatch(std::chrono::milliseconds timeout, std::size_t stages, std::int64_t nowNs);

    // Notes what moved since the last look; returns the "stalled" error when the pipeline stalls.
    std::optional<ErrorEvent> look(const std::vector<WatchedStage>& stages, std::int64_t nowNs);

private:
    ErrorEvent stalled(const WatchedStage& stage, std::int64_t stillNs, bool nothingMoved) const;

    std::int64_t m_timeoutNs;
    std::vector<std::uint64_t> m_steps;  // per stage, as last seen
    std::vector<std::int64_t> m_movedNs; // per stage, when its steps last changed (or it ended)
    std::vector<bool> m_ended;
    std::int64_t m_lastLookNs;
    std::int64_t m_askedProcNs = 0; // when /proc was last asked whether a still stage is stopped
};

} // namespace mpwb::exercises

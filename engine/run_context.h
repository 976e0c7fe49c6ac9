// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a custom exercise run (one that is not a map) gets from the session: the validated spec, a way to
// publish events on the run's clock, the cancel flag, and a way to name its worker processes so the CPU
// sampler can follow them.

#include <atomic>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "events.h"
#include "run_spec.h"

namespace mpwb {

class RunContext {
public:
    using Publish = std::function<void(EventBody)>;
    using Follow = std::function<void(const std::vector<std::pair<int, int>>&)>;

    RunContext(const RunSpec& spec, Publish publish, const std::atomic<bool>& cancelled,
               std::int64_t originNs, Follow follow = {})
        : m_spec(spec), m_publish(std::move(publish)), m_cancelled(cancelled), m_origin(originNs),
          m_follow(std::move(follow)) {}

    const RunSpec& spec() const { return m_spec; }
    // Thread-safe: the sink behind it serialises.
    void publish(EventBody body) const {
        if (m_publish) m_publish(std::move(body));
    }
    bool cancelled() const { return m_cancelled.load(std::memory_order_relaxed); }
    std::int64_t originNs() const { return m_origin; }
    // (worker number, pid) of every worker process, once they run: CPU samples then name them. Call it
    // after the last fork, because the sampler starts a thread.
    void followWorkers(const std::vector<std::pair<int, int>>& workers) const {
        if (m_follow) m_follow(workers);
    }

private:
    const RunSpec& m_spec;
    Publish m_publish;
    const std::atomic<bool>& m_cancelled;
    std::int64_t m_origin;
    Follow m_follow;
};

} // namespace mpwb

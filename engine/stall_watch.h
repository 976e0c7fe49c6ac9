// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Tells which worker process of a pool has stalled: it holds a chunk and, for longer than the timeout, has
// shown no sign of progress (no completed item, no byte sent). Workers report completed items themselves
// (Progress frames, see ItemProgress), so a big chunk of slow items is not a stall; a stopped process
// (SIGSTOP) or a task stuck in a loop is.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mpwb {

class StallWatch {
public:
    StallWatch(std::size_t workers, std::chrono::milliseconds timeout, std::int64_t nowNs);

    bool on() const { return m_timeoutNs > 0; }
    // Worker `w` showed it is alive and working: it was handed a chunk while idle, or sent something.
    void progress(std::size_t w, std::int64_t nowNs) { m_lastNs[w] = nowNs; }

    // Called once per turn of the dispatcher's loop with which workers hold a chunk; returns the first that
    // has stalled. If the host itself did not run for a while (stopped with its whole process group by
    // Ctrl-Z, or busy delivering results), the workers are not blamed for the time it could not watch them.
    std::optional<std::size_t> stalled(std::int64_t nowNs, const std::vector<bool>& holding);

    // "10 s", "1.5 s": the timeout as a message says it.
    std::string timeoutText() const;

private:
    std::int64_t m_timeoutNs;
    std::vector<std::int64_t> m_lastNs;
    std::int64_t m_lastTurnNs;
};

} // namespace mpwb

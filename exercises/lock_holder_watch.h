// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Remembers who has held a shared lock without letting go, from samples taken while the run works, so that a
// stall can be blamed on the holder (stopped with the lock held) rather than on a worker that only waits for
// it. The samples must be taken while the holder lives: once the pool has killed the workers, the lock word
// no longer names anyone.

#include <chrono>
#include <cstdint>
#include <string>

#include "events.h"

namespace mpwb::exercises {

class LockHolderWatch {
public:
    // One sample: the lock's owner now (a pid, 0 when free), its worker number if known (-1 if not), and how
    // many times the lock has been taken so far. The watch asks /proc why a holder that stays is still.
    void sample(int ownerPid, int worker, std::uint64_t acquisitions, std::int64_t nowNs);

    // When the last holder seen kept the lock, untouched, for at least `atLeast`: rewrites a "stalled" error
    // to name it and says that the others wait for its lock. Returns whether it did.
    bool blameHolder(ErrorEvent& error, const std::string& lock, std::chrono::milliseconds atLeast) const;

private:
    int m_pid = 0;
    int m_worker = -1;
    std::uint64_t m_acquisitions = 0;
    std::int64_t m_sinceNs = 0, m_lastNs = 0;
    std::string m_why; // what /proc said of it, while it still lived
};

} // namespace mpwb::exercises

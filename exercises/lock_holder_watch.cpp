// SPDX-License-Identifier: GPL-3.0-or-later
#include "lock_holder_watch.h"

#include <cstdio>

#include "process_state.h"

namespace mpwb::exercises {

// Reading /proc at every sample would cost little, but only a holder that has stayed this long is of
// interest.
constexpr std::int64_t kAskWhyAfterNs = 500'000'000;

void LockHolderWatch::sample(int ownerPid, int worker, std::uint64_t acquisitions, std::int64_t nowNs) {
    if (ownerPid == 0) return; // free, or its owner is gone: what was seen before stands
    if (ownerPid != m_pid || acquisitions != m_acquisitions) {
        m_pid = ownerPid;
        m_worker = worker;
        m_acquisitions = acquisitions;
        m_sinceNs = m_lastNs = nowNs;
        m_why.clear();
        return;
    }
    m_lastNs = nowNs;
    if (m_worker < 0) m_worker = worker;
    if (nowNs - m_sinceNs >= kAskWhyAfterNs) m_why = whyStill(ownerPid);
}

bool LockHolderWatch::blameHolder(ErrorEvent& error, const std::string& lock,
                                  std::chrono::milliseconds atLeast) const {
    const auto heldNs = m_lastNs - m_sinceNs;
    if (m_pid == 0 || heldNs < std::chrono::nanoseconds(atLeast).count()) return false;
    char held[32];
    std::snprintf(held, sizeof held, "%.1f s", static_cast<double>(heldNs) / 1e9);
    const auto who = (m_worker >= 0 ? "Worker " + std::to_string(m_worker) + " (pid " : "The process (pid ") +
                     std::to_string(m_pid) + ")";
    error.message = who + " has held " + lock + " for " + held + " without releasing it" +
                    (m_why.empty() ? "" : ": " + m_why) +
                    ". The other workers wait for its lock, so the run " +
                    "stopped making progress and was ended.";
    if (error.worker != m_worker) { // the chunk the watch named belonged to a worker that only waited
        error.chunk = -1;
        error.chunkFirst = error.chunkItems = 0;
        error.item = -1;
    }
    error.worker = m_worker;
    error.pid = m_pid;
    return true;
}

} // namespace mpwb::exercises

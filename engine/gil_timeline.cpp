// SPDX-License-Identifier: GPL-3.0-or-later
#include "gil_timeline.h"

#include <algorithm>
#include <utility>

namespace mpwb {

GilTimeline::GilTimeline(int workers, std::int64_t originNs, Emit emit, std::int64_t mergeBelowNs)
    : m_workers(std::max(0, workers)), m_origin(originNs), m_emit(std::move(emit)),
      m_mergeBelow(mergeBelowNs), m_waitingSince(static_cast<std::size_t>(m_workers), -1) {}

void GilTimeline::begin(std::int64_t now) {
    m_running = true;
    m_periodStart = now;
    m_holder = -1;
    m_periodIsHandover = false;
    std::fill(m_waitingSince.begin(), m_waitingSince.end(), -1);
    m_pendingPeriods = 0;
}

void GilTimeline::waitBegins(int worker, std::int64_t now) {
    if (m_running && valid(worker)) m_waitingSince[static_cast<std::size_t>(worker)] = now;
}

void GilTimeline::acquired(int worker, std::int64_t now) {
    if (!m_running) return;
    closePeriod(now);
    m_holder = valid(worker) ? worker : -1;
    m_periodIsHandover = worker != m_lastHolder;
    m_lastHolder = worker;
    if (valid(worker)) m_waitingSince[static_cast<std::size_t>(worker)] = -1;
}

void GilTimeline::released(int worker, std::int64_t now) {
    (void)worker; // the holder, as acquired() said
    if (!m_running) return;
    closePeriod(now);
    m_holder = -1;
    m_periodIsHandover = false;
}

void GilTimeline::finish(std::int64_t now) {
    if (!m_running) return;
    closePeriod(now);
    writePending(now);
    m_running = false;
}

void GilTimeline::closePeriod(std::int64_t now) {
    const auto length = now - m_periodStart;
    const bool taken = m_holder >= 0;
    // A free moment of no length is no period at all (the lock was taken the instant the timeline began).
    if (length <= 0 && !taken) {
        m_periodStart = now;
        return;
    }
    // This period on its own.
    auto& p = m_period;
    p.startNs = m_periodStart - m_origin;
    p.endNs = now - m_origin;
    p.holder = m_holder;
    p.acquisitions = taken ? 1 : 0;
    p.handovers = taken && m_periodIsHandover ? 1 : 0;
    p.heldNs.assign(static_cast<std::size_t>(m_workers), 0);
    p.waitedNs.assign(static_cast<std::size_t>(m_workers), 0);
    if (taken) p.heldNs[static_cast<std::size_t>(m_holder)] = length;
    for (std::size_t w = 0; w < m_waitingSince.size(); ++w)
        if (m_waitingSince[w] >= 0) p.waitedNs[w] = now - std::max(m_waitingSince[w], m_periodStart);
    m_periodStart = now;

    if (length >= m_mergeBelow) {
        writePending(p.startNs + m_origin); // the short periods before it, then this one alone
        m_pending = p;
        m_pendingPeriods = 1;
        writePending(now);
        return;
    }
    if (m_pendingPeriods == 0) {
        m_pending = p;
    } else {
        m_pending.holder = -1; // several periods: no one held it throughout
        m_pending.acquisitions += p.acquisitions;
        m_pending.handovers += p.handovers;
        for (std::size_t w = 0; w < p.heldNs.size(); ++w) {
            m_pending.heldNs[w] += p.heldNs[w];
            m_pending.waitedNs[w] += p.waitedNs[w];
        }
    }
    ++m_pendingPeriods;
    if (p.endNs - m_pending.startNs >= m_mergeBelow) writePending(now);
}

void GilTimeline::writePending(std::int64_t end) {
    if (m_pendingPeriods == 0) return;
    m_pending.endNs = end - m_origin;
    m_pendingPeriods = 0;
    if (m_emit) m_emit(end, m_pending);
}

} // namespace mpwb

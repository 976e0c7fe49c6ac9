// SPDX-License-Identifier: GPL-3.0-or-later
#include "interpreter_lock.h"

#include <algorithm>

#include "clock.h"
#include "gil_timeline.h"

namespace mpwb {

InterpreterLock::InterpreterLock(std::chrono::microseconds switchInterval) : m_interval(switchInterval) {}

void InterpreterLock::acquire(int worker) {
    std::unique_lock lock(m_mutex);
    acquireLocked(lock, worker);
}

void InterpreterLock::acquireLocked(std::unique_lock<std::mutex>& lock, int worker) {
    if (!m_held && !m_handingOver) {
        take(worker);
        return;
    }
    const auto ticket = m_nextTicket++;
    m_waiters.push_back(ticket);
    const auto since = monotonicNs();
    if (m_timeline) m_timeline->waitBegins(worker, since);
    const auto interval = std::chrono::duration_cast<std::chrono::nanoseconds>(m_interval).count();
    for (;;) {
        const bool first = m_waiters.front() == ticket;
        // A free lock goes to the longest waiter; a newcomer may be quicker if it is not awake yet.
        if (!m_held && first) break;
        if (first) {
            // Neither the holder's letting go and taking back nor a newcomer's turn restarts our interval.
            const auto deadline = std::max(since, m_holderSince) + interval;
            const auto now = monotonicNs();
            if (now >= deadline) {
                m_dropRequest.store(true, std::memory_order_relaxed);
                m_changed.wait(lock); // the holder lets go at its next checkpoint or release
            } else {
                m_changed.wait_for(lock, std::chrono::nanoseconds(deadline - now));
            }
        } else {
            m_changed.wait(lock);
        }
    }
    m_waiters.erase(std::find(m_waiters.begin(), m_waiters.end(), ticket));
    take(worker);
}

void InterpreterLock::take(int worker) {
    const auto now = monotonicNs();
    const auto me = std::this_thread::get_id();
    m_held = true;
    m_handingOver = false;
    m_dropRequest.store(false, std::memory_order_relaxed);
    if (me != m_lastHolder) {
        m_lastHolder = me;
        m_holderSince = now;
        ++m_switches;
    }
    if (m_timeline) m_timeline->acquired(worker, now);
    m_changed.notify_all(); // a holder that handed over waits for this
}

void InterpreterLock::release(int worker) {
    std::unique_lock lock(m_mutex);
    if (m_dropRequest.load(std::memory_order_relaxed) && !m_waiters.empty()) {
        // Asked to drop: releasing anyway must not let us take it back before the waiter had its turn.
        letGoToHeir(lock, worker);
        return;
    }
    m_held = false;
    if (m_timeline) m_timeline->released(worker, monotonicNs());
    lock.unlock();
    m_changed.notify_all();
}

void InterpreterLock::letGoToHeir(std::unique_lock<std::mutex>& lock, int worker) {
    const auto mine = m_switches;
    m_held = false;
    m_handingOver = true;
    if (m_timeline) m_timeline->released(worker, monotonicNs());
    m_changed.notify_all();
    m_changed.wait(lock, [&] { return m_switches != mine; });
}

void InterpreterLock::handOver(int worker) {
    std::unique_lock lock(m_mutex);
    if (!m_dropRequest.load(std::memory_order_relaxed) || m_waiters.empty() || !m_held) return;
    letGoToHeir(lock, worker);
    acquireLocked(lock, worker); // queue up behind it like everyone else
}

void InterpreterLock::setTimeline(GilTimeline* timeline) {
    std::lock_guard lock(m_mutex);
    const auto now = monotonicNs();
    if (m_timeline) m_timeline->finish(now);
    m_timeline = timeline;
    if (m_timeline) m_timeline->begin(now);
}

std::uint64_t InterpreterLock::switches() const {
    std::lock_guard lock(m_mutex);
    return m_switches;
}

} // namespace mpwb

#include "interpreter_lock.h"

namespace mpwb {

InterpreterLock::InterpreterLock(std::chrono::microseconds switchInterval) : m_interval(switchInterval) {}

void InterpreterLock::acquire() {
    std::unique_lock lock(m_mutex);
    while (m_held) {
        const auto seen = m_switches;
        const bool gotIt = m_changed.wait_for(lock, m_interval, [&] { return !m_held; });
        // A whole interval passed and the same holder still has it: ask it to let go.
        if (!gotIt && m_held && m_switches == seen) m_dropRequest.store(true, std::memory_order_relaxed);
    }
    m_held = true;
    ++m_switches;
    m_dropRequest.store(false, std::memory_order_relaxed);
}

void InterpreterLock::release() {
    {
        std::lock_guard lock(m_mutex);
        m_held = false;
    }
    m_changed.notify_all();
}

void InterpreterLock::handOver() {
    std::unique_lock lock(m_mutex);
    if (!m_dropRequest.load(std::memory_order_relaxed)) return;
    const auto mine = m_switches;
    m_held = false;
    m_changed.notify_all();
    // Wait until a waiter has taken it, then queue up behind it like everyone else.
    m_changed.wait(lock, [&] { return m_switches != mine; });
    lock.unlock();
    acquire();
}

std::uint64_t InterpreterLock::switches() const {
    std::lock_guard lock(m_mutex);
    return m_switches;
}

} // namespace mpwb

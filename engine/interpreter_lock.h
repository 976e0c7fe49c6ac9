#pragma once
// A stand-in for CPython's global interpreter lock, so C++ threads can show why Python threads do not speed
// up CPU-bound code. Like CPython's "new GIL": a thread that waits longer than the switch interval asks the
// holder to drop the lock; the holder notices at its next checkpoint, hands the lock over and waits until
// someone else has taken it (so it cannot grab it straight back). Blocking waits release it.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace mpwb {

class InterpreterLock {
public:
    explicit InterpreterLock(std::chrono::microseconds switchInterval = std::chrono::milliseconds(5));

    void acquire();
    void release();
    // Cheap when nobody is waiting: one relaxed load.
    void checkpoint() {
        if (m_dropRequest.load(std::memory_order_relaxed)) handOver();
    }

    std::chrono::microseconds switchInterval() const { return m_interval; }
    std::uint64_t switches() const;

private:
    void handOver();

    const std::chrono::microseconds m_interval;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_held = false;
    std::uint64_t m_switches = 0; // bumped on every acquisition
    std::atomic<bool> m_dropRequest{false};
};

} // namespace mpwb

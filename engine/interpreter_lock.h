// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A stand-in for CPython's global interpreter lock, so C++ threads can show why Python threads do not speed
// up CPU-bound code. Like CPython's "new GIL": a thread that has waited a switch interval asks the holder to
// drop the lock; the holder notices at its next checkpoint, or when it releases the lock anyway, hands the
// lock over and waits until someone else has taken it (so it cannot grab it straight back). Blocking waits
// release it.
//
// Fairer than CPython in two ways, so that equal threads get equal shares:
//   - a waiter's interval runs from when it began waiting (and from when the holder took the lock from
//     someone else), and is not restarted when the holder lets go and takes the lock back at once between
//     two pieces of work;
//   - a forced hand-over goes to the thread that has waited longest. With N threads a waiter therefore gets
//     the lock after at most about N - 1 intervals.
// Between forced hand-overs the lock is free for anyone, as in CPython: a thread that releases it without
// being asked may take it back before a waiter wakes.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>

namespace mpwb {

class GilTimeline;

class InterpreterLock {
public:
    explicit InterpreterLock(std::chrono::microseconds switchInterval = std::chrono::milliseconds(5));

    // `worker` names the calling thread in the timeline (gil events); the lock itself tells threads apart
    // by their id.
    void acquire(int worker = 0);
    void release(int worker = 0);
    // Cheap when nobody is waiting: one relaxed load.
    void checkpoint(int worker = 0) {
        if (m_dropRequest.load(std::memory_order_relaxed)) handOver(worker);
    }

    // Records every change from now on into `timeline` (null: stop), ending the previous one at this moment.
    // Both must be done while no thread uses the lock.
    void setTimeline(GilTimeline* timeline);

    std::chrono::microseconds switchInterval() const { return m_interval; }
    // Times a thread took the lock from another thread.
    std::uint64_t switches() const;

private:
    void acquireLocked(std::unique_lock<std::mutex>& lock, int worker);
    void take(int worker);
    // Lets go and waits until another thread has taken the lock. Called with the lock held.
    void letGoToHeir(std::unique_lock<std::mutex>& lock, int worker);
    void handOver(int worker);

    const std::chrono::microseconds m_interval;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_held = false;
    bool m_handingOver = false; // let go on request: only the longest waiter may take it
    std::thread::id m_lastHolder;
    std::int64_t m_holderSince = 0;      // monotonic ns when m_lastHolder took it from someone else
    std::deque<std::uint64_t> m_waiters; // tickets, longest waiting first
    std::uint64_t m_nextTicket = 0;
    std::uint64_t m_switches = 0;
    std::atomic<bool> m_dropRequest{false};
    GilTimeline* m_timeline = nullptr;
};

} // namespace mpwb

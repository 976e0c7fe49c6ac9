// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A mutex and a condition that several processes share through shared memory, and that survive one of them
// dying: the next locker is told the owner died (so it can say so, and distrust what the lock guarded)
// instead of waiting forever.
//
// Both are built in place inside a shared segment by the process that creates it, before any fork:
//     auto* m = new (segment.data()) RobustMutex;
// Neither needs destroying: unmapping the memory releases everything they hold.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <pthread.h>
#include <stdexcept>

namespace mpwb {

// The mutex cannot be used any more: its owner died and the one who found out did not repair it.
class MutexUnrecoverable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class RobustMutex {
public:
    RobustMutex(); // PTHREAD_PROCESS_SHARED | PTHREAD_MUTEX_ROBUST
    RobustMutex(const RobustMutex&) = delete;
    RobustMutex& operator=(const RobustMutex&) = delete;

    // Locks it. Returns true when the previous owner died holding it: the lock is now ours and usable
    // again, but what it guarded may be half-updated. Throws MutexUnrecoverable if it cannot be repaired.
    [[nodiscard]] bool lock();
    // Locks it only if it is free: nullopt when another holds it, otherwise what lock() would return.
    [[nodiscard]] std::optional<bool> tryLock();
    void unlock();

    // The thread id of the owner now, 0 when it is free or its owner died: the robust-futex protocol keeps
    // it in the lock word, so it is exact even while the owner is stopped between two instructions. For a
    // single-threaded process it is the pid.
    int ownerTid() const;

    pthread_mutex_t* native() { return &m_mutex; }

private:
    pthread_mutex_t m_mutex;
};

// A condition on a RobustMutex for processes, with waits bounded on CLOCK_MONOTONIC. It is a futex on a
// sequence number rather than a pthread_cond_t: glibc's condition keeps an internal lock that a process
// killed inside a wait can leave held (every later notify would then hang), and pthread_cond_destroy waits
// for waiters that a kill made disappear. A futex has no such state: a dead waiter is simply gone.
class SharedCondition {
public:
    SharedCondition() = default;
    SharedCondition(const SharedCondition&) = delete;
    SharedCondition& operator=(const SharedCondition&) = delete;

    // Unlocks `mutex` (which the caller holds), sleeps until notified or until `timeout` has passed, and
    // locks it again. Spurious wake-ups happen: callers re-check their condition. Returns what
    // RobustMutex::lock() returned when taking the mutex back.
    [[nodiscard]] bool waitFor(RobustMutex& mutex, std::chrono::nanoseconds timeout);
    void notifyOne();
    void notifyAll();

private:
    void wake(int count);
    std::atomic<std::uint32_t> m_sequence{0};
    std::atomic<std::uint32_t> m_waiters{0}; // a waiter that was killed stays counted: only costs a syscall
};

} // namespace mpwb

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What task code may ask of the backend that runs it. Long loops call checkpoint() now and then (the
// counterpart of the interpreter's periodic check for a pending lock hand-over); simulated I/O calls
// blockingWait(), which gives up the interpreter lock while it waits, as CPython does around blocking calls.

#include <atomic>
#include <chrono>
#include <thread>

#include "interpreter_lock.h"

namespace mpwb {

class TaskContext {
public:
    explicit TaskContext(InterpreterLock* lock = nullptr, int worker = 0) : m_lock(lock), m_worker(worker) {}

    // Which worker of the pool runs the task, from 0 (e.g. to record who holds a shared lock).
    int worker() const { return m_worker; }
    void setWorker(int worker) { m_worker = worker; }

    // The map's cancel flag, for backends that run tasks in this process: they cannot kill a thread, so a
    // chunk of long items stops between two items instead (runChunkItems asks after each one).
    void watchCancel(const std::atomic<bool>* flag) { m_cancel = flag; }
    bool cancelled() const { return m_cancel && m_cancel->load(std::memory_order_relaxed); }

    void checkpoint() {
        if (m_lock) m_lock->checkpoint(m_worker);
    }
    void blockingWait(std::chrono::nanoseconds duration) {
        if (m_lock) m_lock->release(m_worker);
        std::this_thread::sleep_for(duration);
        if (m_lock) m_lock->acquire(m_worker);
    }

private:
    InterpreterLock* m_lock;
    int m_worker;
    const std::atomic<bool>* m_cancel = nullptr;
};

} // namespace mpwb

// SPDX-License-Identifier: GPL-3.0-or-later
#include "robust_mutex.h"

#include <cerrno>
#include <climits>
#include <ctime>
#include <linux/futex.h>
#include <string>
#include <sys/syscall.h>
#include <system_error>
#include <unistd.h>

namespace mpwb {
namespace {

static_assert(std::atomic<std::uint32_t>::is_always_lock_free && sizeof(std::atomic<std::uint32_t>) == 4,
              "the futex word must be a plain 32-bit integer in shared memory");

std::runtime_error pthreadError(const char* what, int code) {
    return std::runtime_error(std::string(what) + ": " + std::generic_category().message(code));
}

// No FUTEX_PRIVATE_FLAG: the word is shared between processes. The timeout of FUTEX_WAIT is relative and
// measured on CLOCK_MONOTONIC.
long futex(std::atomic<std::uint32_t>* word, int op, std::uint32_t value, const timespec* timeout) {
    return syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(word), op, value, timeout, nullptr, 0);
}

} // namespace

RobustMutex::RobustMutex() {
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
    pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST);
    const int rc = pthread_mutex_init(&m_mutex, &attr);
    pthread_mutexattr_destroy(&attr);
    if (rc != 0) throw pthreadError("cannot create a process-shared mutex", rc);
}

bool RobustMutex::lock() {
    const int rc = pthread_mutex_lock(&m_mutex);
    if (rc == 0) return false;
    if (rc == EOWNERDEAD) {
        // We hold it now; marking it consistent lets everyone lock it again after our unlock.
        pthread_mutex_consistent(&m_mutex);
        return true;
    }
    if (rc == ENOTRECOVERABLE)
        throw MutexUnrecoverable("a process died holding a shared lock, and the lock was not repaired");
    throw pthreadError("cannot lock a process-shared mutex", rc);
}

std::optional<bool> RobustMutex::tryLock() {
    const int rc = pthread_mutex_trylock(&m_mutex);
    if (rc == EBUSY) return std::nullopt;
    if (rc == 0) return false;
    if (rc == EOWNERDEAD) {
        pthread_mutex_consistent(&m_mutex);
        return true;
    }
    if (rc == ENOTRECOVERABLE)
        throw MutexUnrecoverable("a process died holding a shared lock, and the lock was not repaired");
    throw pthreadError("cannot lock a process-shared mutex", rc);
}

void RobustMutex::unlock() {
    pthread_mutex_unlock(&m_mutex);
}

int RobustMutex::ownerTid() const {
    // glibc's robust mutex is the kernel's robust futex: its lock word holds the owner's tid in the low bits.
    const int word = __atomic_load_n(&m_mutex.__data.__lock, __ATOMIC_RELAXED);
    return static_cast<int>(static_cast<unsigned>(word) & FUTEX_TID_MASK);
}

bool SharedCondition::waitFor(RobustMutex& mutex, std::chrono::nanoseconds timeout) {
    // Read under the mutex: a notify that follows our unlock changes the sequence, and the futex then
    // refuses to sleep, so no wake-up is lost between the unlock and the wait.
    const std::uint32_t seen = m_sequence.load(std::memory_order_acquire);
    m_waiters.fetch_add(1); // seq_cst: see wake()
    mutex.unlock();
    if (timeout.count() > 0) {
        timespec ts{};
        ts.tv_sec = static_cast<time_t>(timeout.count() / 1'000'000'000);
        ts.tv_nsec = static_cast<long>(timeout.count() % 1'000'000'000);
        futex(&m_sequence, FUTEX_WAIT, seen, &ts);
    }
    m_waiters.fetch_sub(1, std::memory_order_relaxed);
    return mutex.lock();
}

void SharedCondition::notifyOne() {
    wake(1);
}

void SharedCondition::notifyAll() {
    wake(INT_MAX);
}

void SharedCondition::wake(int count) {
    m_sequence.fetch_add(1, std::memory_order_acq_rel);
    // seq_cst orders the bump above before this read, against the waiter's increment before its sleep.
    if (m_waiters.load(std::memory_order_seq_cst) > 0) futex(&m_sequence, FUTEX_WAKE, count, nullptr);
}

} // namespace mpwb

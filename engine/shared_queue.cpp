// SPDX-License-Identifier: GPL-3.0-or-later
#include "shared_queue.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <new>
#include <sched.h>

#include "clock.h"
#include "robust_mutex.h"

namespace mpwb {
namespace {

// The longest a waiter sleeps before it looks at close, broken and its stop check again.
constexpr auto kWaitSlice = std::chrono::milliseconds(20);
// Before sleeping, a waiter polls without the lock for a few hundred pause instructions (about 10 µs): the
// other side is often only an item away, and a sleep plus a wake-up costs tens of µs. Longer spins only
// steal the CPU from that other side when processes outnumber cores.
constexpr int kSpinRounds = 300;
constexpr std::size_t kFrameHeader = sizeof(std::uint32_t);
constexpr std::size_t kLargestRing = std::size_t(1) << 30;
constexpr const char* kOwnerDied = "a process died while holding its lock";

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
}

// Counters are only written under the queue's lock, so a plain load and store is enough; they are atomic
// so that sample() may read them at any moment without the lock.
template <typename T> void add(std::atomic<T>& counter, T amount) {
    counter.store(counter.load(std::memory_order_relaxed) + amount, std::memory_order_relaxed);
}
template <typename T> void subtract(std::atomic<T>& counter, T amount) {
    counter.store(counter.load(std::memory_order_relaxed) - amount, std::memory_order_relaxed);
}

} // namespace

struct SharedQueue::Header {
    // One side's sleepers, guarded by the mutex. `woken` counts wakes sent but not yet seen, so a burst of
    // puts wakes a sleeping reader once instead of making a system call per put until it runs.
    struct Side {
        SharedCondition condition;
        std::uint32_t sleeping = 0;
        std::uint32_t woken = 0;
        bool claimWake() {
            if (sleeping <= woken) return false;
            ++woken;
            return true;
        }
    };

    RobustMutex mutex;
    Side readers, writers;
    std::uint64_t maxItems = 0;
    std::uint64_t capacityBytes = 0; // of payload; the ring adds a frame header per item, so both bounds fit
    std::uint64_t ringBytes = 0;
    std::uint64_t head = 0, tail = 0; // positions in an endless byte stream; the ring holds [head, tail)
    std::atomic<std::uint64_t> depth{0}, payloadBytes{0}; // what is in the queue now
    std::atomic<int> closed{0};
    std::atomic<int> broken{0}; // 0: no; 1: being broken, reason not yet written; 2: broken
    char reason[256] = {};
    std::atomic<std::uint64_t> puts{0}, gets{0}, bytesPut{0}, bytesGot{0};
    std::atomic<std::int64_t> putBlockedNs{0}, getBlockedNs{0};

    static constexpr std::size_t ringOffset() { return (sizeof(Header) + 63) / 64 * 64; }
};

SharedQueue::SharedQueue(std::string name, std::size_t maxItems, std::size_t capacityBytes)
    : m_name(std::move(name)), m_segment([&] {
          if (maxItems < 1 || capacityBytes < 1)
              throw std::invalid_argument("queue '" + m_name + "' needs room for at least one item and byte");
          if (maxItems > kLargestRing / kFrameHeader ||
              capacityBytes > kLargestRing - maxItems * kFrameHeader)
              throw std::invalid_argument("queue '" + m_name + "' would need more than 1 GiB");
          return SharedSegment(Header::ringOffset() + capacityBytes + maxItems * kFrameHeader);
      }()) {
    m_header = new (m_segment.data()) Header;
    m_header->maxItems = maxItems;
    m_header->capacityBytes = capacityBytes;
    m_header->ringBytes = capacityBytes + maxItems * kFrameHeader;
    m_ring = static_cast<std::uint8_t*>(m_segment.data()) + Header::ringOffset();
}

std::size_t SharedQueue::maxItems() const {
    return header().maxItems;
}

std::size_t SharedQueue::maxMessageBytes() const {
    return std::min<std::uint64_t>(header().capacityBytes, std::numeric_limits<std::uint32_t>::max());
}

void SharedQueue::copyIn(std::uint64_t position, const void* data, std::size_t size) const {
    if (size == 0) return; // data may be null then, which memcpy does not allow
    const auto offset = position % header().ringBytes;
    const auto first = std::min<std::uint64_t>(size, header().ringBytes - offset);
    std::memcpy(m_ring + offset, data, first);
    if (first < size) std::memcpy(m_ring, static_cast<const std::uint8_t*>(data) + first, size - first);
}

void SharedQueue::copyOut(std::uint64_t position, void* data, std::size_t size) const {
    if (size == 0) return;
    const auto offset = position % header().ringBytes;
    const auto first = std::min<std::uint64_t>(size, header().ringBytes - offset);
    std::memcpy(data, m_ring + offset, first);
    if (first < size) std::memcpy(static_cast<std::uint8_t*>(data) + first, m_ring, size - first);
}

void SharedQueue::throwBroken() const {
    // The breaker writes the reason right after claiming the flag; give it a moment rather than say less.
    for (int i = 0; i < 1000 && header().broken.load(std::memory_order_acquire) != 2; ++i)
        sched_yield();
    const bool hasReason = header().broken.load(std::memory_order_acquire) == 2 && header().reason[0];
    throw QueueBroken("the queue '" + m_name + "' is broken: " +
                      (hasReason ? std::string(header().reason) : std::string("a process using it failed")));
}

void SharedQueue::lockOrBreak() {
    if (!header().mutex.lock()) return;
    // The previous owner died mid-put or mid-get: the ring may be half-written, so nobody may use it again.
    header().mutex.unlock();
    breakWith(kOwnerDied);
    throwBroken();
}

void SharedQueue::breakWith(const std::string& reason) {
    int expected = 0;
    if (header().broken.compare_exchange_strong(expected, 1)) {
        const auto n = std::min(reason.size(), sizeof(header().reason) - 1);
        std::memcpy(header().reason, reason.data(), n);
        header().reason[n] = '\0';
        header().broken.store(2, std::memory_order_release);
    }
    header().readers.condition.notifyAll();
    header().writers.condition.notifyAll();
}

void SharedQueue::close() {
    // No lock: close must work even when the lock's owner is stuck or dead. A waiter that misses the
    // notify sees the flag at the end of its slice.
    header().closed.store(1);
    header().readers.condition.notifyAll();
    header().writers.condition.notifyAll();
}

bool SharedQueue::closed() const {
    return header().closed.load() != 0;
}

bool SharedQueue::broken() const {
    return header().broken.load() != 0;
}

// Waits, with the lock held on entry and on an Ok return (released otherwise), until `ready()`. A put gives
// up on a closed queue even when there is room; a get still drains it.
template <typename Ready>
QueueStatus SharedQueue::waitUntil(bool forPut, Ready ready, const StopCheck& stop) {
    Header& h = header();
    auto& side = forPut ? h.writers : h.readers;
    auto& blockedNs = forPut ? h.putBlockedNs : h.getBlockedNs;
    std::int64_t since = 0;
    const auto account = [&] {
        if (!since) return;
        const auto now = monotonicNs();
        blockedNs.fetch_add(now - since, std::memory_order_relaxed); // several waiters: a real add
        since = now;
    };
    const auto leave = [&](QueueStatus status) {
        account();
        h.mutex.unlock();
        return status;
    };
    const auto leaveBroken = [&](bool lockDied) {
        account();
        h.mutex.unlock();
        if (lockDied) breakWith(kOwnerDied);
        throwBroken();
    };
    for (bool spun = false;;) {
        if (h.broken.load()) leaveBroken(false);
        const bool isClosed = h.closed.load() != 0;
        if (isClosed && forPut) return leave(QueueStatus::Closed);
        if (ready()) {
            account();
            return QueueStatus::Ok;
        }
        if (isClosed) return leave(QueueStatus::Closed);
        if (stop && stop()) return leave(QueueStatus::Stopped);
        if (!since) since = monotonicNs();
        if (!spun) {
            spun = true;
            h.mutex.unlock();
            for (int i = 0; i < kSpinRounds && !ready() && !h.closed.load(std::memory_order_relaxed) &&
                            !h.broken.load(std::memory_order_relaxed);
                 ++i)
                cpuRelax();
            try {
                lockOrBreak();
            } catch (...) {
                account();
                throw;
            }
            continue;
        }
        ++side.sleeping;
        const bool ownerDied = side.condition.waitFor(h.mutex, kWaitSlice);
        --side.sleeping;
        if (side.woken > 0) --side.woken;
        if (ownerDied) leaveBroken(true);
        account(); // keeps the blocked time current for samples taken during a long wait
    }
}

QueueStatus SharedQueue::put(const void* data, std::size_t size, const StopCheck& stop) {
    if (size > maxMessageBytes())
        throw std::invalid_argument("a message of " + std::to_string(size) +
                                    " bytes does not fit in queue '" + m_name + "' (at most " +
                                    std::to_string(maxMessageBytes()) + ")");
    Header& h = header();
    const std::uint64_t frame = kFrameHeader + size;
    lockOrBreak();
    const auto status = waitUntil(
        true,
        [&] {
            return h.depth.load(std::memory_order_relaxed) < h.maxItems &&
                   h.payloadBytes.load(std::memory_order_relaxed) + size <= h.capacityBytes;
        },
        stop);
    if (status != QueueStatus::Ok) return status;
    const auto length = static_cast<std::uint32_t>(size);
    copyIn(h.tail, &length, kFrameHeader);
    copyIn(h.tail + kFrameHeader, data, size);
    h.tail += frame;
    add<std::uint64_t>(h.payloadBytes, size);
    add<std::uint64_t>(h.depth, 1);
    add<std::uint64_t>(h.puts, 1);
    add<std::uint64_t>(h.bytesPut, size);
    const bool wake = h.readers.claimWake();
    h.mutex.unlock();
    if (wake) h.readers.condition.notifyOne();
    return QueueStatus::Ok;
}

QueueStatus SharedQueue::get(Bytes& message, const StopCheck& stop) {
    Header& h = header();
    lockOrBreak();
    const auto status = waitUntil(
        false, [&] { return h.depth.load(std::memory_order_relaxed) > 0; }, stop);
    if (status != QueueStatus::Ok) return status;
    std::uint32_t length = 0;
    copyOut(h.head, &length, kFrameHeader);
    message.resize(length);
    copyOut(h.head + kFrameHeader, message.data(), length);
    h.head += kFrameHeader + length;
    subtract<std::uint64_t>(h.payloadBytes, length);
    subtract<std::uint64_t>(h.depth, 1);
    add<std::uint64_t>(h.gets, 1);
    add<std::uint64_t>(h.bytesGot, length);
    const bool wake = h.writers.claimWake();
    h.mutex.unlock();
    if (wake) h.writers.condition.notifyOne();
    return QueueStatus::Ok;
}

QueueEvent SharedQueue::sample() const {
    const Header& h = header();
    QueueEvent e;
    e.queue = m_name;
    e.depth = static_cast<std::int64_t>(h.depth.load(std::memory_order_relaxed));
    e.capacity = static_cast<std::int64_t>(h.maxItems);
    e.puts = h.puts.load(std::memory_order_relaxed);
    e.gets = h.gets.load(std::memory_order_relaxed);
    e.bytesPut = h.bytesPut.load(std::memory_order_relaxed);
    e.bytesGot = h.bytesGot.load(std::memory_order_relaxed);
    e.putBlockedNs = h.putBlockedNs.load(std::memory_order_relaxed);
    e.getBlockedNs = h.getBlockedNs.load(std::memory_order_relaxed);
    return e;
}

} // namespace mpwb

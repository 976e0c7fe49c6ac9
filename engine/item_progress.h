// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Tells a worker process's host, now and then, how far a chunk has got, so the host can tell a chunk of slow
// items from a stalled worker. A ticker thread raises a flag every interval; after each item the worker looks
// at the flag (one relaxed load, nothing measurable even for tiny items) and, when it is up, reports. So a
// report goes out at most once an interval, and no later than the first item completed after it, whatever
// the items cost and however their cost changes within a map.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace mpwb {

class ItemProgress {
public:
    explicit ItemProgress(std::int64_t intervalNs) : m_intervalNs(intervalNs) {}
    virtual ~ItemProgress(); // stops the ticker
    ItemProgress(const ItemProgress&) = delete;
    ItemProgress& operator=(const ItemProgress&) = delete;

    // A chunk begins: the host counts handing it over as progress already. Starts the ticker the first time.
    void beginChunk(std::uint64_t chunk);
    void itemDone(std::uint64_t doneInChunk) {
        if (m_due.load(std::memory_order_relaxed)) {
            m_due.store(false, std::memory_order_relaxed);
            report(m_chunk, doneInChunk);
        }
    }

protected:
    virtual void report(std::uint64_t chunk, std::uint64_t doneInChunk) = 0;

private:
    std::int64_t m_intervalNs;
    std::uint64_t m_chunk = 0;
    std::atomic<bool> m_due{false};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_ticker;
};

} // namespace mpwb

// SPDX-License-Identifier: GPL-3.0-or-later
#include "item_progress.h"

#include <chrono>

namespace mpwb {

ItemProgress::~ItemProgress() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    if (m_ticker.joinable()) m_ticker.join();
}

void ItemProgress::beginChunk(std::uint64_t chunk) {
    m_chunk = chunk;
    m_due.store(false, std::memory_order_relaxed);
    if (m_ticker.joinable()) return;
    m_ticker = std::thread([this] {
        std::unique_lock lock(m_mutex);
        while (!m_wake.wait_for(lock, std::chrono::nanoseconds(m_intervalNs), [this] { return m_stopping; }))
            m_due.store(true, std::memory_order_relaxed);
    });
}

} // namespace mpwb

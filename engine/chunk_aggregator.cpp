#include "chunk_aggregator.h"

#include <algorithm>
#include <utility>

namespace mpwb {

namespace {

void mergeInto(Event& into, const Event& next) {
    auto& a = std::get<ChunkEvent>(into.body);
    const auto& b = std::get<ChunkEvent>(next.body);
    a.firstItem = std::min(a.firstItem, b.firstItem);
    a.items += b.items;
    a.dispatchNs = std::min(a.dispatchNs, b.dispatchNs);
    a.startNs = std::min(a.startNs, b.startNs);
    a.endNs = std::max(a.endNs, b.endNs);
    a.bytesIn += b.bytesIn;
    a.bytesOut += b.bytesOut;
    a.encodeNs += b.encodeNs;
    a.decodeNs += b.decodeNs;
    a.merged += b.merged; // b may itself be a merge
    a.core = b.core;
    into.t = next.t;
}

std::int64_t span(const ChunkEvent& c) {
    return c.endNs - c.startNs;
}

} // namespace

ChunkAggregator::ChunkAggregator(EventSink& next, std::int64_t thresholdNs)
    : m_next(next), m_thresholdNs(thresholdNs) {}

ChunkAggregator::~ChunkAggregator() {
    try {
        flush();
    } catch (...) {
        // A destructor must not throw; a sink that fails here has nowhere left to report to.
    }
}

void ChunkAggregator::record(const Event& event) {
    // Forwarding under the lock keeps the order: no merged chunk can overtake the run_finished behind it.
    std::lock_guard lock(m_mutex);
    const auto* chunk = std::get_if<ChunkEvent>(&event.body);
    if (!chunk) {
        if (std::holds_alternative<ResultEvent>(event.body) ||
            std::holds_alternative<ErrorEvent>(event.body) ||
            std::holds_alternative<RunFinishedEvent>(event.body))
            flushLocked();
        m_next.record(event);
        return;
    }
    if (span(*chunk) >= m_thresholdNs) {
        flushWorker(chunk->worker);
        m_next.record(event);
        return;
    }
    auto [it, inserted] = m_pending.try_emplace(chunk->worker, event);
    if (!inserted) mergeInto(it->second, event);
    if (span(std::get<ChunkEvent>(it->second.body)) >= m_thresholdNs) flushWorker(chunk->worker);
}

void ChunkAggregator::flush() {
    std::lock_guard lock(m_mutex);
    flushLocked();
}

void ChunkAggregator::flushLocked() {
    while (!m_pending.empty())
        flushWorker(m_pending.begin()->first);
}

void ChunkAggregator::flushWorker(int worker) {
    const auto it = m_pending.find(worker);
    if (it == m_pending.end()) return;
    const Event merged = std::move(it->second);
    m_pending.erase(it); // before emitting, so a throwing sink cannot make us send it twice
    m_next.record(merged);
}

} // namespace mpwb

// SPDX-License-Identifier: GPL-3.0-or-later
#include "chunk_aggregator.h"

#include <algorithm>
#include <utility>

namespace mpwb {

namespace {

void mergeInto(Event& into, const Event& next) {
    auto& a = std::get<ChunkEvent>(into.body);
    const auto& b = std::get<ChunkEvent>(next.body);
    // Before the span below grows: a chunk of an older stream worked its own span, not the merged one.
    a.workNs = chunkWorkNs(a) + chunkWorkNs(b); // the gap between them is a wait: not in the sum
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

// A worker has at most two or three chunks between handed out and begun; more means their chunk_started
// never came (a worker that died), and those entries only cost memory.
constexpr std::size_t kMostAwaited = 64;

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
    if (const auto* d = std::get_if<ChunkDispatchedEvent>(&event.body)) return recordDispatched(event, *d);
    if (const auto* s = std::get_if<ChunkStartedEvent>(&event.body)) return recordStarted(event, *s);
    const auto* chunk = std::get_if<ChunkEvent>(&event.body);
    if (!chunk) {
        if (std::holds_alternative<ResultEvent>(event.body) ||
            std::holds_alternative<ErrorEvent>(event.body) ||
            std::holds_alternative<RunFinishedEvent>(event.body))
            flushLocked();
        // A worker that has ended sends no more: its held chunks go before the news, in time order.
        if (const auto* ended = std::get_if<WorkerEndedEvent>(&event.body)) flushWorker(ended->worker);
        m_next.record(event);
        return;
    }
    if (chunk->merged == 1) forgetAwaited(chunk->worker, chunk->firstItem); // finished: no start will follow
    if (span(*chunk) >= m_thresholdNs) {
        flushWorker(chunk->worker);
        m_next.record(event);
        return;
    }
    auto [it, inserted] = m_pending.try_emplace(chunk->worker, event);
    if (!inserted) mergeInto(it->second, event);
    if (span(std::get<ChunkEvent>(it->second.body)) >= m_thresholdNs) flushWorker(chunk->worker);
}

void ChunkAggregator::recordDispatched(const Event& event, const ChunkDispatchedEvent& dispatched) {
    auto [it, inserted] = m_shown.try_emplace(dispatched.worker, Shown{ChunkEventSpacing(m_thresholdNs), {}});
    auto& shown = it->second;
    const auto hidden = shown.spacing.show(event.t, dispatched.skipped);
    if (!hidden) return;
    if (shown.awaitingStart.size() == kMostAwaited) shown.awaitingStart.pop_front();
    shown.awaitingStart.push_back(dispatched.firstItem);
    Event out = event;
    std::get<ChunkDispatchedEvent>(out.body).skipped = *hidden;
    m_next.record(out);
}

void ChunkAggregator::recordStarted(const Event& event, const ChunkStartedEvent& started) {
    const auto it = m_shown.find(started.worker);
    if (it == m_shown.end()) return;
    auto& awaiting = it->second.awaitingStart;
    const auto at = std::find(awaiting.begin(), awaiting.end(), started.firstItem);
    if (at == awaiting.end()) return; // its chunk_dispatched was dropped: hide the whole chunk
    awaiting.erase(at);
    m_next.record(event);
}

void ChunkAggregator::forgetAwaited(int worker, std::uint64_t firstItem) {
    const auto it = m_shown.find(worker);
    if (it == m_shown.end()) return;
    auto& awaiting = it->second.awaitingStart;
    const auto at = std::find(awaiting.begin(), awaiting.end(), firstItem);
    if (at != awaiting.end()) awaiting.erase(at);
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

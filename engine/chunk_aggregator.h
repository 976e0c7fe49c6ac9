// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Keeps a stream drawable at tiny chunksizes: a million 1-µs chunks would flood the pipe and the GUI, so the
// chunks of each worker are merged until together they span a threshold of time.
//
// Rule (per worker, in arrival order):
//   - a chunk whose own span (endNs - startNs) is at least the threshold flushes that worker's buffer and
//     passes through unchanged;
//   - any other chunk is merged into the worker's buffer; once the buffer spans at least the threshold it is
//     forwarded as one chunk event.
//   - result, error and run_finished events first flush every buffer, so the counts are complete before the
//     run reports its outcome; a worker_ended first flushes that worker's. Other events pass straight
//     through.
//
// A merged chunk has firstItem = lowest first item, items = sum (the ranges need not be adjacent: with
// several workers a worker's chunks interleave with others'), dispatchNs and startNs = earliest,
// endNs = latest, bytes and encode/decode times summed, merged = number of original chunks, and core and
// t taken from the last chunk. Item totals are therefore preserved exactly.
//
// Chunks while they happen (chunk_dispatched, chunk_started), per worker, with the same threshold:
//   - a chunk_dispatched is written if it is the worker's first, or if its t is at least the threshold after
//     the worker's last chunk_dispatched that was written (ChunkEventSpacing); otherwise it is dropped, and
//     the next one written counts it in `skipped`. So a worker has at most one chunk_dispatched per
//     threshold span.
//   - a chunk_started is written exactly when the chunk_dispatched of the same chunk (worker, first_item)
//     was written. A chunk is thus either shown whole (handed out, begun, finished) or only counted by the
//     chunk event that finishes it; a view never sees a chunk begin that it did not see handed out.
//   - neither is ever held back: what is written is written at once, and says only what happened then.
//   What a view may conclude: a worker runs its chunks one after another, so a shown chunk whose
//   chunk_started t is before the end_ns of a later chunk event of the same worker is finished, and counted
//   in that chunk event or an earlier one. A hidden chunk shows up only in those counts.

#include "chunk_event_spacing.h"
#include "events.h"

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>

namespace mpwb {

class ChunkAggregator : public EventSink {
public:
    static constexpr std::int64_t kDefaultThresholdNs = 2'000'000;

    // next must outlive the aggregator.
    explicit ChunkAggregator(EventSink& next, std::int64_t thresholdNs = kDefaultThresholdNs);
    // Flushes what is still buffered.
    ~ChunkAggregator() override;

    ChunkAggregator(const ChunkAggregator&) = delete;
    ChunkAggregator& operator=(const ChunkAggregator&) = delete;

    void record(const Event& event) override;
    void flush();

private:
    // What is known of one worker's chunks while they happen.
    struct Shown {
        ChunkEventSpacing spacing;
        std::deque<std::uint64_t> awaitingStart; // first items of chunks shown as dispatched, not yet begun
    };

    void flushLocked();
    void flushWorker(int worker);
    void recordDispatched(const Event& event, const ChunkDispatchedEvent& dispatched);
    void recordStarted(const Event& event, const ChunkStartedEvent& started);
    void forgetAwaited(int worker, std::uint64_t firstItem);

    EventSink& m_next;
    std::int64_t m_thresholdNs;
    std::mutex m_mutex;
    std::map<int, Event> m_pending; // per worker, always holding a ChunkEvent
    std::map<int, Shown> m_shown;   // per worker
};

} // namespace mpwb

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
//     run reports its outcome. Other events pass straight through.
//
// A merged chunk has firstItem = lowest first item, items = sum (the ranges need not be adjacent: with
// several workers a worker's chunks interleave with others'), dispatchNs and startNs = earliest,
// endNs = latest, bytes and encode/decode times summed, merged = number of original chunks, and core and
// t taken from the last chunk. Item totals are therefore preserved exactly.

#include "events.h"

#include <cstdint>
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
    void flushLocked();
    void flushWorker(int worker);

    EventSink& m_next;
    std::int64_t m_thresholdNs;
    std::mutex m_mutex;
    std::map<int, Event> m_pending; // per worker, always holding a ChunkEvent
};

} // namespace mpwb

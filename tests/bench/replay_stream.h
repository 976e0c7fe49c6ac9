// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A recorded run made up in code, the same on every machine: what sum-squares at chunksize 1 with 8 workers
// (processes, fork) writes through the ChunkAggregator, stretched to any number of events. The views draw it
// as they would draw a file opened from disk.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "events.h"

namespace mpwb::bench {

struct ReplayStreamShape {
    std::size_t events = 1'000'000;
    int workers = 8;
    int cores = 8;
    // The aggregator's threshold: each worker's chunks reach the stream merged into spans this long, with one
    // chunk_dispatched and chunk_started shown per span.
    std::int64_t spanNs = 2'000'000;
    std::uint32_t itemsPerSpan = 100; // chunks of one item, 20 µs each
    std::int64_t cpuEveryNs = 100'000'000;
};

// hello, run_started, worker_started per worker, then per worker and span chunk_dispatched, chunk_started
// and the merged chunk, a cpu event every cpuEveryNs, and result and run_finished; exactly shape.events
// events in time order.
std::vector<Event> makeReplayStream(const ReplayStreamShape& shape);

} // namespace mpwb::bench

// SPDX-License-Identifier: GPL-3.0-or-later
#include "replay_stream.h"

#include <algorithm>
#include <random>
#include <string>

namespace mpwb::bench {

std::vector<Event> makeReplayStream(const ReplayStreamShape& shape) {
    const std::string runId = "bench-views-0001";
    const int workers = std::max(1, shape.workers);
    const std::size_t preamble = 2 + std::size_t(workers), tail = 2;
    const std::size_t budget = shape.events > preamble + tail ? shape.events - preamble - tail : 0;

    std::vector<Event> events;
    events.reserve(preamble + budget + tail);
    events.push_back(
        {0, HelloEvent{kEventFormatVersion, shape.cores, "bench-host Linux 6.1", "0.1.0", runId}});
    RunStartedEvent started;
    started.exercise = "sum-squares";
    started.backend = "processes";
    started.startMethod = "fork";
    started.workers = workers;
    started.chunksize = 1;
    started.params = {{"n", "100000000"}, {"block", "1000"}};
    started.runId = runId;
    const std::size_t startedAt = events.size();
    events.push_back({1'000'000, started});

    std::mt19937_64 random(20240601); // fixed: the same stream on every run and machine
    std::uniform_int_distribution<std::int64_t> jitter(-50'000, 50'000);
    std::uniform_real_distribution<double> busy(92.0, 100.0);
    std::vector<std::int64_t> ready(
        static_cast<std::size_t>(workers)); // when each worker takes its next span
    for (int w = 0; w < workers; ++w) {
        const std::int64_t startup = 3'000'000 + 400'000 * w;
        events.push_back({2'000'000 + startup, WorkerStartedEvent{w, 4000 + w, "fork", startup}});
        ready[std::size_t(w)] = 2'000'000 + startup + 100'000;
    }

    std::uint64_t nextItem = 0;
    std::int64_t nextCpu = shape.cpuEveryNs;
    std::vector<std::int64_t> cpuNs(static_cast<std::size_t>(workers), 0);
    std::size_t made = 0;
    while (made < budget) {
        const auto w = std::size_t(std::min_element(ready.begin(), ready.end()) - ready.begin());
        const std::int64_t from = ready[w];
        if (from >= nextCpu) {
            CpuEvent cpu;
            for (int c = 0; c < shape.cores; ++c)
                cpu.cores.push_back(busy(random));
            for (int k = 0; k < workers; ++k) {
                const double percent = busy(random);
                cpuNs[std::size_t(k)] += std::int64_t(percent / 100.0 * double(shape.cpuEveryNs));
                cpu.workers.push_back({k, 4000 + k, percent, cpuNs[std::size_t(k)], k % shape.cores});
            }
            events.push_back({nextCpu, std::move(cpu)});
            nextCpu += shape.cpuEveryNs;
            ++made;
            continue;
        }
        const int worker = int(w);
        const std::int64_t begun = from + 15'000, end = from + shape.spanNs + jitter(random);
        const std::uint64_t items = shape.itemsPerSpan;
        events.push_back({from, ChunkDispatchedEvent{worker, nextItem, 1, 24, items - 1}});
        events.push_back({begun, ChunkStartedEvent{worker, nextItem, 1, worker % shape.cores}});
        ChunkEvent chunk;
        chunk.worker = worker;
        chunk.core = worker % shape.cores;
        chunk.firstItem = nextItem;
        chunk.items = items;
        chunk.dispatchNs = from;
        chunk.startNs = begun;
        chunk.endNs = end;
        chunk.bytesIn = 24 * items;
        chunk.bytesOut = 24 * items;
        chunk.encodeNs = 300 * std::int64_t(items);
        chunk.decodeNs = 300 * std::int64_t(items);
        chunk.merged = std::uint32_t(items);
        events.push_back({end, chunk});
        made += 3;
        nextItem += items;
        ready[w] = end + 5'000;
    }
    events.resize(std::min(events.size(), preamble + budget));
    std::get<RunStartedEvent>(events[startedAt].body).items = nextItem;
    // Workers' events were made one span at a time; the stream carries them in time order.
    std::stable_sort(events.begin() + std::ptrdiff_t(preamble), events.end(),
                     [](const Event& a, const Event& b) { return a.t < b.t; });
    const std::int64_t last = events.back().t;
    events.push_back({last + 500'000, ResultEvent{"333333283333335000000", {}, true}});
    events.push_back({last + 1'000'000, RunFinishedEvent{"ok", last + 1'000'000}});
    return events;
}

} // namespace mpwb::bench

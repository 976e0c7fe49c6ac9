// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_data.h"

#include <algorithm>

namespace mpwb {

double RunData::progress() const {
    if (finished && finished->status == "ok") return 1.0;
    if (!started || started->items == 0) return 0.0;
    return std::min(1.0, double(itemsDone) / double(started->items));
}

void applyEvents(RunData& run, const std::vector<Event>& events) {
    for (const auto& e : events) {
        run.lastEventSeconds = std::max(run.lastEventSeconds, e.t / 1e9);
        std::visit(
            [&](const auto& body) {
                using T = std::decay_t<decltype(body)>;
                if constexpr (std::is_same_v<T, HelloEvent>)
                    run.hello = body;
                else if constexpr (std::is_same_v<T, RunStartedEvent>)
                    run.started = body;
                else if constexpr (std::is_same_v<T, WorkerStartedEvent>)
                    run.workers.push_back(body);
                else if constexpr (std::is_same_v<T, ChunkEvent>) {
                    run.chunks.push_back(body);
                    run.itemsDone += body.items;
                } else if constexpr (std::is_same_v<T, CpuEvent>) {
                    run.cpu.push_back({e.t / 1e9, QVector<double>(body.cores.begin(), body.cores.end()),
                                       body.workers, body.hostCpuPercent});
                } else if constexpr (std::is_same_v<T, SweepPointEvent>)
                    run.sweepPoints.push_back(body);
                else if constexpr (std::is_same_v<T, SweepStartedEvent>)
                    run.sweep = body;
                else if constexpr (std::is_same_v<T, ResultEvent>)
                    run.result = body;
                else if constexpr (std::is_same_v<T, ErrorEvent>)
                    run.error = body;
                else if constexpr (std::is_same_v<T, RunFinishedEvent>)
                    run.finished = body;
                else if constexpr (std::is_same_v<T, FileEvent>)
                    run.files.push_back(body);
                else if constexpr (std::is_same_v<T, ChunkStartedEvent>)
                    run.starts.push_back({e.t / 1e9, body});
                else if constexpr (std::is_same_v<T, GilEvent>)
                    run.gil.push_back(body);
                else if constexpr (std::is_same_v<T, LockEvent>)
                    run.locks.push_back({e.t / 1e9, body});
                else if constexpr (std::is_same_v<T, SegmentEvent>)
                    run.segments.push_back(body);
                else if constexpr (std::is_same_v<T, QueueEvent>)
                    run.queues.push_back({e.t / 1e9, body});
                else if constexpr (std::is_same_v<T, CounterEvent>) {
                    run.counters.push_back({e.t / 1e9, body});
                    // A counter's increments are its units of work.
                    run.itemsDone = std::max<std::uint64_t>(run.itemsDone, body.increments);
                }
            },
            e.body);
    }
}

} // namespace mpwb

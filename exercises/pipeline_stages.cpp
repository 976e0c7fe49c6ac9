// SPDX-License-Identifier: GPL-3.0-or-later
#include "pipeline_stages.h"

#include <algorithm>
#include <cstring>
#include <ctime>
#include <sched.h>
#include <vector>

#include "clock.h"

namespace mpwb::exercises {
namespace {

std::int64_t threadCpuNs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// A stage in a queue wait gives up as soon as the host raises the stop flag.
SharedQueue::StopCheck stopOf(PipelineBoard& board) {
    return [&board] { return board.stop.load(std::memory_order_relaxed) != 0; };
}

int exitFor(QueueStatus status) {
    return status == QueueStatus::Ok ? kStageDone : kStageStopped;
}

// Posted by a stage at each change of what it does, so the host sees both the activity and that it moves.
void enter(StageProgress& progress, StageActivity activity, std::int64_t item = -1) {
    progress.holding.store(item, std::memory_order_relaxed);
    progress.activity.store(static_cast<int>(activity), std::memory_order_relaxed);
    progress.steps.fetch_add(1, std::memory_order_release);
}

// Called by a stage after each item: the host turns these into chunk events for the timeline.
void recordItem(StageProgress& progress, std::uint64_t item, std::int64_t startNs) {
    const auto end = monotonicNs();
    progress.busyNs.store(progress.busyNs.load(std::memory_order_relaxed) + (end - startNs),
                          std::memory_order_relaxed);
    progress.lastEndNs.store(end, std::memory_order_relaxed);
    if (item < progress.lowestItem.load(std::memory_order_relaxed))
        progress.lowestItem.store(item, std::memory_order_relaxed);
    progress.core.store(sched_getcpu(), std::memory_order_relaxed);
    progress.done.fetch_add(1, std::memory_order_release); // last: the host reads it first
}

std::uint64_t itemOf(const Bytes& message) {
    std::uint64_t item = 0;
    std::memcpy(&item, message.data(), sizeof item);
    return item;
}

} // namespace

void burnCpu(std::int64_t ns) {
    if (ns <= 0) return;
    // Reading this clock is a system call, so each round runs enough arithmetic for about half the time
    // left, judged by the round before: a handful of readings per call instead of one per microsecond.
    auto now = threadCpuNs();
    const auto until = now + ns;
    std::uint64_t x = 88172645463325252ull, rounds = 64;
    while (now < until) {
        for (std::uint64_t i = 0; i < rounds; ++i) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            asm volatile("" : "+r"(x)); // the optimiser must not drop the loop
        }
        const auto then = now;
        now = threadCpuNs();
        const auto spent = std::max<std::int64_t>(1, now - then);
        rounds =
            std::max<std::uint64_t>(64, static_cast<std::uint64_t>(rounds * ((until - now) / 2.0 / spent)));
    }
}

int runProducer(const PipelineSetup& setup, PipelineBoard& board, StageProgress& progress,
                SharedQueue& tasks) {
    const auto stop = stopOf(board);
    for (std::uint64_t item = 0; item < setup.items; ++item) {
        if (board.stop.load(std::memory_order_relaxed)) return kStageStopped;
        enter(progress, StageActivity::Working, static_cast<std::int64_t>(item));
        const auto start = monotonicNs();
        burnCpu(setup.produceNs);
        recordItem(progress, item, start);
        enter(progress, StageActivity::Passing, static_cast<std::int64_t>(item));
        if (const auto s = tasks.put(&item, sizeof item, stop); s != QueueStatus::Ok) return exitFor(s);
        board.produced.store(item + 1, std::memory_order_relaxed);
    }
    for (int w = 0; w < setup.workers; ++w) { // one sentinel per worker: each stops at the first it takes
        enter(progress, StageActivity::Passing);
        if (const auto s = tasks.put(nullptr, 0, stop); s != QueueStatus::Ok) return exitFor(s);
    }
    enter(progress, StageActivity::Finished);
    return kStageDone;
}

int runWorker(const PipelineSetup& setup, PipelineBoard& board, StageProgress& progress, SharedQueue& tasks,
              SharedQueue& results) {
    const auto stop = stopOf(board);
    Bytes message;
    for (;;) {
        if (board.stop.load(std::memory_order_relaxed)) return kStageStopped;
        enter(progress, StageActivity::Taking);
        if (const auto s = tasks.get(message, stop); s != QueueStatus::Ok) return kStageStopped;
        if (message.empty()) { // the sentinel: pass it on, so the collector can count the workers out
            enter(progress, StageActivity::Passing);
            const auto s = results.put(nullptr, 0, stop);
            enter(progress, StageActivity::Finished);
            return exitFor(s);
        }
        const auto item = itemOf(message);
        enter(progress, StageActivity::Working, static_cast<std::int64_t>(item));
        const auto start = monotonicNs();
        burnCpu(setup.workNs);
        recordItem(progress, item, start);
        enter(progress, StageActivity::Passing, static_cast<std::int64_t>(item));
        if (const auto s = results.put(&item, sizeof item, stop); s != QueueStatus::Ok) return exitFor(s);
    }
}

int runCollector(const PipelineSetup& setup, PipelineBoard& board, StageProgress& progress,
                 SharedQueue& results) {
    const auto stop = stopOf(board);
    std::vector<std::uint8_t> seen(setup.items, 0); // times each item arrived, saturating at 255
    std::uint64_t collected = 0, duplicated = 0;
    Bytes message;
    for (int workersLeft = setup.workers; workersLeft > 0;) {
        if (board.stop.load(std::memory_order_relaxed)) return kStageStopped;
        enter(progress, StageActivity::Taking);
        if (const auto s = results.get(message, stop); s != QueueStatus::Ok) return kStageStopped;
        if (message.empty()) {
            --workersLeft;
            continue;
        }
        const auto item = itemOf(message);
        enter(progress, StageActivity::Working, static_cast<std::int64_t>(item));
        const auto start = monotonicNs();
        burnCpu(setup.collectNs);
        ++collected;
        // An item number outside the range counts as collected but was never produced, so the run is wrong.
        if (message.size() == sizeof item && item < setup.items) {
            if (seen[item] > 0) ++duplicated;
            if (seen[item] < 255) ++seen[item];
        }
        recordItem(progress, item, start);
        board.collected.store(collected, std::memory_order_relaxed);
    }
    std::uint64_t missing = 0;
    for (const auto times : seen)
        missing += times == 0;
    board.duplicated.store(duplicated, std::memory_order_relaxed);
    board.missing.store(missing, std::memory_order_relaxed);
    board.collectorFinished.store(1, std::memory_order_release);
    enter(progress, StageActivity::Finished);
    return kStageDone;
}

} // namespace mpwb::exercises

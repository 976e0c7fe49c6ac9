// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The stage processes of exercise 3 (producer, workers, collector) and the board in shared memory on which
// they post their progress for the host, which forks them and draws the run from it.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "shared_queue.h"

namespace mpwb::exercises {

struct PipelineSetup {
    std::uint64_t items = 0;
    int workers = 1;
    std::int64_t produceNs = 0; // CPU time each stage spends on one item
    std::int64_t workNs = 0;
    std::int64_t collectNs = 0;
};

// What a stage is doing now, for the host's stall watch.
enum class StageActivity : int {
    Starting, // forked, not yet at its first queue
    Taking,   // waiting to take a message from its input queue
    Working,  // working on the item it took or made
    Passing,  // putting a message on its output queue (it waits there while the queue is full)
    Finished, // done: about to exit
};

// One stage's progress, written by that stage only; the host reads it while the stage runs.
struct alignas(64) StageProgress {
    // Every change of activity counts a step: the host calls a stage stalled when its steps stop moving.
    std::atomic<int> activity{static_cast<int>(StageActivity::Starting)};
    std::atomic<std::int64_t> holding{-1}; // the item it works on or passes on; -1 for none (or a sentinel)
    std::atomic<std::uint64_t> steps{0};
    std::atomic<std::int64_t> readyNs{0};   // monotonic time at which the stage began running
    std::atomic<std::uint64_t> done{0};     // items it finished
    std::atomic<std::int64_t> busyNs{0};    // time spent working on them, waits on queues excluded
    std::atomic<std::int64_t> lastEndNs{0}; // when it finished the last one
    // The lowest item finished since the host last took it (it puts back the maximum).
    std::atomic<std::uint64_t> lowestItem{std::numeric_limits<std::uint64_t>::max()};
    std::atomic<int> core{-1}; // CPU of the last item
};

// Lives at the start of a shared segment, followed by one StageProgress per stage.
struct alignas(64) PipelineBoard {
    std::atomic<int> stop{0}; // the host asks every stage to leave now (cancel, failure)
    std::atomic<std::uint64_t> produced{0};
    std::atomic<std::uint64_t> collected{0}, duplicated{0}, missing{0};
    std::atomic<int> collectorFinished{0};

    static std::size_t bytesFor(int stages) { return sizeof(PipelineBoard) + stages * sizeof(StageProgress); }
    StageProgress& stage(int index) { return reinterpret_cast<StageProgress*>(this + 1)[index]; }
};

// Exit statuses of a stage process. Anything else (or a signal) means it died.
inline constexpr int kStageDone = 0, kStageStopped = 3, kStageSawBroken = 4, kStageFailed = 5;

// The bodies of the stage processes; each returns the exit status to _exit with. `progress` is the stage's
// own slot on the board. A task is an 8-byte item number, a result the same; an empty message is the
// sentinel that tells one worker (and, passed on, the collector) that nothing more will come.
int runProducer(const PipelineSetup& setup, PipelineBoard& board, StageProgress& progress,
                SharedQueue& tasks);
int runWorker(const PipelineSetup& setup, PipelineBoard& board, StageProgress& progress, SharedQueue& tasks,
              SharedQueue& results);
int runCollector(const PipelineSetup& setup, PipelineBoard& board, StageProgress& progress,
                 SharedQueue& results);

// Keeps the CPU busy for `ns` of this thread's CPU time: the stand-in for a stage's real work, so a stage
// that has to share a core with others takes longer in wall time, as real work would.
void burnCpu(std::int64_t ns);

} // namespace mpwb::exercises

// SPDX-License-Identifier: GPL-3.0-or-later
#include "in_process_executor.h"

#include <condition_variable>
#include <map>
#include <mutex>
#include <sched.h>
#include <thread>
#include <unistd.h>

#include "chunk_codec.h"
#include "chunk_event_spacing.h"
#include "chunk_plan.h"
#include "clock.h"
#include "gil_timeline.h"
#include "task_registry.h"

namespace mpwb {
namespace {

struct FinishedChunk {
    Bytes results;
    int worker = 0;
    int core = -1;
    std::int64_t claimedNs = 0; // when the thread took it: its dispatch
    std::int64_t startNs = 0, endNs = 0;
    std::uint64_t bytesIn = 0;
};

} // namespace

InProcessExecutor::InProcessExecutor(ExecutorOptions options) : Executor(std::move(options)) {
    if (m_options.backend == Backend::GilThreads)
        m_gil = std::make_unique<InterpreterLock>(m_options.switchInterval);
}

InProcessExecutor::~InProcessExecutor() = default;

void InProcessExecutor::start() {
    // Threads are started per map (they are cheap); nothing to start ahead.
}

MapOutcome InProcessExecutor::runMap(const MapJob& job, ResultSink& results) {
    if (m_options.backend == Backend::Sequential) return runSequential(job, results);
    return runThreads(job, results);
}

MapOutcome InProcessExecutor::runSequential(const MapJob& job, ResultSink& results) {
    const auto& task = TaskRegistry::instance().require(job.task);
    const ChunkPlan plan(job.items->count(), job.chunksize, 1);
    MapOutcome outcome;
    const auto begin = monotonicNs();
    publish(begin, WorkerStartedEvent{0, static_cast<int>(gettid()), "", 0});
    TaskContext context;
    context.watchCancel(&m_cancelled);
    Bytes items, out;
    ChunkEventSpacing shown(m_options.chunkEventSpacingNs);
    for (std::uint64_t c = 0; c < plan.chunkCount(); ++c) {
        if (m_cancelled.load()) {
            outcome.status = MapStatus::Cancelled;
            break;
        }
        const auto range = plan.chunk(c);
        const auto start = monotonicNs();
        // One loop hands the chunk out and begins it at the same moment.
        if (m_options.events)
            if (const auto hidden = shown.show(start)) {
                publish(start, ChunkDispatchedEvent{0, range.first, range.count, 0, *hidden});
                publish(start, ChunkStartedEvent{0, range.first, range.count, sched_getcpu()});
            }
        items.clear();
        out.clear();
        encodeChunkItems(*job.items, range, items);
        ByteReader reader(items);
        try {
            runChunkItems(task, reader, range.first, range.count, out, context);
        } catch (const ChunkCancelled&) {
            outcome.status = MapStatus::Cancelled;
            break;
        } catch (const TaskFailure& f) {
            outcome.status = MapStatus::Failed;
            outcome.error = ErrorEvent{"task-failed",
                                       "task '" + job.task + "' failed on item " + std::to_string(f.item()) +
                                           ": " + f.what(),
                                       0,
                                       static_cast<int>(getpid()),
                                       static_cast<std::int64_t>(f.item()),
                                       0,
                                       0,
                                       range.first,
                                       range.count,
                                       static_cast<std::int64_t>(c)};
            break;
        }
        const auto end = monotonicNs();
        deliverChunkResults(out.data(), out.size(), range, results);
        ++outcome.chunks;
        publish(end, ChunkEvent{0, sched_getcpu(), range.first, range.count, sinceOrigin(start),
                                sinceOrigin(start), sinceOrigin(end), 0, 0, 0, 0, 1, end - start});
    }
    outcome.wallNs = monotonicNs() - begin;
    return outcome;
}

MapOutcome InProcessExecutor::runThreads(const MapJob& job, ResultSink& results) {
    const auto& task = TaskRegistry::instance().require(job.task);
    const ChunkPlan plan(job.items->count(), job.chunksize, m_options.workers);
    const auto chunkCount = plan.chunkCount();
    MapOutcome outcome;
    const auto begin = monotonicNs();

    std::mutex mutex;
    std::condition_variable finished;
    std::map<std::uint64_t, FinishedChunk> ready; // finished but not yet delivered, by chunk index
    std::optional<ErrorEvent> failure;
    std::atomic<std::uint64_t> nextChunk{0};
    std::atomic<bool> stop{false};
    int running = m_options.workers;

    // The first failure is kept and stops every thread; later ones are its consequences.
    auto failWith = [&](ErrorEvent error) {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::move(error);
        stop.store(true);
    };
    auto chunks = [&](int worker, std::uint64_t& c, bool& holding) {
        const auto spawned = monotonicNs();
        publish(spawned, WorkerStartedEvent{worker, static_cast<int>(gettid()), "thread", spawned - begin});
        TaskContext context(m_gil.get(), worker);
        context.watchCancel(&m_cancelled);
        Bytes items;
        ChunkEventSpacing shown(m_options.chunkEventSpacingNs);
        while (!stop.load() && !m_cancelled.load()) {
            c = nextChunk.fetch_add(1);
            if (c >= chunkCount) break;
            const auto range = plan.chunk(c);
            FinishedChunk done;
            done.worker = worker;
            done.claimedNs = monotonicNs();
            std::optional<std::uint64_t> hidden;
            if (m_options.events) hidden = shown.show(done.claimedNs);
            if (hidden)
                publish(done.claimedNs, ChunkDispatchedEvent{worker, range.first, range.count, 0, *hidden});
            if (m_gil) m_gil->acquire(worker);
            holding = m_gil != nullptr;
            done.startNs = monotonicNs();
            if (hidden)
                publish(done.startNs, ChunkStartedEvent{worker, range.first, range.count, sched_getcpu()});
            items.clear();
            encodeChunkItems(*job.items, range, items);
            ByteReader reader(items);
            try {
                runChunkItems(task, reader, range.first, range.count, done.results, context);
            } catch (const ChunkCancelled&) {
                break; // the body gives the interpreter lock back
            } catch (const TaskFailure& f) {
                failWith(ErrorEvent{"task-failed",
                                    "task '" + job.task + "' failed on item " + std::to_string(f.item()) +
                                        " in thread " + std::to_string(worker) + ": " + f.what(),
                                    worker, static_cast<int>(getpid()), static_cast<std::int64_t>(f.item()),
                                    0, 0, range.first, range.count, static_cast<std::int64_t>(c)});
                break;
            }
            done.endNs = monotonicNs();
            if (m_gil) m_gil->release(worker);
            holding = false;
            done.core = sched_getcpu();
            std::lock_guard lock(mutex);
            ready.emplace(c, std::move(done));
            finished.notify_one();
        }
    };
    // Whatever a thread meets (the item source or the event sink throwing) ends the map, never the program.
    auto body = [&](int worker) {
        std::uint64_t c = 0;
        bool holding = false;
        try {
            chunks(worker, c, holding);
        } catch (const std::exception& e) {
            failWith(ErrorEvent{"internal", "thread " + std::to_string(worker) + " stopped at chunk " +
                                                std::to_string(c) + ": " + e.what()});
        } catch (...) {
            failWith(ErrorEvent{"internal", "thread " + std::to_string(worker) + " stopped at chunk " +
                                                std::to_string(c) + ": something not a std::exception"});
        }
        if (holding) m_gil->release(worker);
        std::lock_guard lock(mutex);
        --running;
        finished.notify_one();
    };

    // Who holds the interpreter lock and who waits for it, as gil events, for the whole map.
    std::optional<GilTimeline> timeline;
    if (m_gil && m_options.events) {
        timeline.emplace(m_options.workers, m_options.originNs,
                         [this](std::int64_t end, GilEvent e) { publish(end, std::move(e)); });
        m_gil->setTimeline(&*timeline);
    }

    std::vector<std::thread> threads;
    threads.reserve(static_cast<std::size_t>(m_options.workers));
    // Every thread started is joined, whatever happens below (even a thread that could not be created).
    struct Joiner {
        std::vector<std::thread>& threads;
        std::atomic<bool>& stop;
        ~Joiner() {
            stop.store(true);
            for (auto& t : threads)
                if (t.joinable()) t.join();
        }
    } joiner{threads, stop};
    try {
        for (int w = 0; w < m_options.workers; ++w)
            threads.emplace_back(body, w);
    } catch (const std::exception& e) {
        {
            std::lock_guard lock(mutex);
            running -= m_options.workers - static_cast<int>(threads.size());
        }
        failWith(ErrorEvent{"internal", std::string("could not start a thread: ") + e.what()});
    }

    // This thread delivers results in order while the workers run.
    std::uint64_t delivered = 0;
    {
        std::unique_lock lock(mutex);
        while (delivered < chunkCount && !stop.load()) {
            auto it = ready.find(delivered);
            if (it != ready.end()) {
                auto chunk = std::move(it->second);
                ready.erase(it);
                lock.unlock();
                const auto range = plan.chunk(delivered);
                try {
                    deliverChunkResults(chunk.results.data(), chunk.results.size(), range, results);
                    publish(chunk.endNs,
                            ChunkEvent{chunk.worker, chunk.core, range.first, range.count,
                                       sinceOrigin(chunk.claimedNs), sinceOrigin(chunk.startNs),
                                       sinceOrigin(chunk.endNs), 0, 0, 0, 0, 1, chunk.endNs - chunk.startNs});
                } catch (const std::exception& e) {
                    failWith(ErrorEvent{"internal", "the results of chunk " + std::to_string(delivered) +
                                                        " could not be delivered: " + e.what()});
                    lock.lock();
                    break;
                }
                ++delivered;
                lock.lock();
                continue;
            }
            if (running == 0) break; // failed or cancelled: nothing more will arrive
            // The timeout lets a cancel() from a signal handler, which cannot notify, be seen promptly.
            finished.wait_for(lock, std::chrono::milliseconds(50));
        }
    }
    stop.store(true);
    for (auto& t : threads)
        t.join();
    if (timeline) m_gil->setTimeline(nullptr); // its last span ends now, before the outcome is reported

    outcome.chunks = delivered;
    if (failure) {
        outcome.status = MapStatus::Failed;
        outcome.error = failure;
    } else if (delivered < chunkCount) {
        outcome.status = MapStatus::Cancelled;
    }
    outcome.wallNs = monotonicNs() - begin;
    return outcome;
}

} // namespace mpwb

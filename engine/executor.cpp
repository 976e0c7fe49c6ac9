// SPDX-License-Identifier: GPL-3.0-or-later
#include "executor.h"

#include "clock.h"
#include "errors.h"
#include "in_process_executor.h"
#include "process_pool_executor.h"
#include "task_registry.h"

namespace mpwb {

std::string backendName(Backend b) {
    switch (b) {
    case Backend::Sequential:
        return "sequential";
    case Backend::Threads:
        return "threads";
    case Backend::GilThreads:
        return "gil-threads";
    case Backend::Processes:
        return "processes";
    }
    return "?";
}

std::string startMethodName(StartMethod m) {
    switch (m) {
    case StartMethod::Fork:
        return "fork";
    case StartMethod::Spawn:
        return "spawn";
    case StartMethod::Forkserver:
        return "forkserver";
    }
    return "?";
}

std::optional<Backend> parseBackend(std::string_view name) {
    for (auto b : {Backend::Sequential, Backend::Threads, Backend::GilThreads, Backend::Processes})
        if (backendName(b) == name) return b;
    return std::nullopt;
}

std::optional<StartMethod> parseStartMethod(std::string_view name) {
    for (auto m : {StartMethod::Fork, StartMethod::Spawn, StartMethod::Forkserver})
        if (startMethodName(m) == name) return m;
    return std::nullopt;
}

MapOutcome Executor::map(const MapJob& job, ResultSink& results) {
    std::lock_guard lock(m_mapMutex);
    TaskRegistry::instance().require(job.task);
    if (!job.items) throw BadRequest("a map needs an item source");
    const auto begin = monotonicNs();
    MapOutcome outcome;
    auto fail = [&](ErrorEvent error) {
        outcome = MapOutcome{};
        outcome.status = MapStatus::Failed;
        outcome.error = std::move(error);
    };
    // The backends join their threads and reap their processes before anything leaves runMap; what is left
    // to do here is to say what failed.
    try {
        outcome = runMap(job, results);
    } catch (const WorkerStartFailure& e) {
        fail(e.error());
    } catch (const BadRequest& e) {
        fail(ErrorEvent{"bad-request", e.what()});
        outcome.error->parameter = e.parameter();
    } catch (const std::exception& e) {
        fail(ErrorEvent{"internal", std::string("the map stopped: ") + e.what()});
    } catch (...) {
        fail(ErrorEvent{"internal", "the map stopped: something was thrown that is not a std::exception"});
    }
    if (!outcome.wallNs) outcome.wallNs = monotonicNs() - begin;
    // Cleared only now: a cancel that came during start-up must still end this map.
    if (m_cancelled.exchange(false) && outcome.status == MapStatus::Failed) {
        outcome.status = MapStatus::Cancelled;
        outcome.error.reset();
    }
    return outcome;
}

void Executor::publish(std::int64_t nowNs, EventBody body) const {
    if (m_options.events) m_options.events->record(Event{sinceOrigin(nowNs), std::move(body)});
}

std::future<Bytes> Executor::submit(std::string task, Bytes item) {
    TaskRegistry::instance().require(task);
    return std::async(std::launch::async, [this, task = std::move(task), item = std::move(item)]() mutable {
        VectorItems items({std::move(item)});
        VectorResults results;
        const auto outcome = map(MapJob{task, &items, 1}, results);
        if (outcome.status == MapStatus::Cancelled) throw std::runtime_error("the task was cancelled");
        if (outcome.status == MapStatus::Failed) throw std::runtime_error(outcome.error->message);
        return results.results().at(0);
    });
}

std::unique_ptr<Executor> makeExecutor(const ExecutorOptions& options) {
    if (options.workers < 1 || options.workers > kMaxWorkers)
        throw BadRequest("workers must be between 1 and " + std::to_string(kMaxWorkers) + ", got " +
                         std::to_string(options.workers));
    if (options.switchInterval.count() <= 0)
        throw BadRequest("the switch interval must be a positive number of microseconds");
    switch (options.backend) {
    case Backend::Sequential: {
        auto one = options;
        one.workers = 1; // a sequential run is one worker by definition
        return std::make_unique<InProcessExecutor>(one);
    }
    case Backend::Threads:
    case Backend::GilThreads:
        return std::make_unique<InProcessExecutor>(options);
    case Backend::Processes:
        return std::make_unique<ProcessPoolExecutor>(options);
    }
    throw BadRequest("unknown backend");
}

} // namespace mpwb

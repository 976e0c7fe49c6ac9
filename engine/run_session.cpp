// SPDX-License-Identifier: GPL-3.0-or-later
#include "run_session.h"

#include <algorithm>
#include <cstdio>
#include <random>
#include <sys/utsname.h>
#include <thread>
#include <unistd.h>

#include "chunk_aggregator.h"
#include "chunk_plan.h"
#include "clock.h"
#include "cpu_sampler.h"
#include "errors.h"
#include "mpwb_version.h"
#include "run_context.h"
#include "task_registry.h"
#include "worker_process.h"

namespace mpwb {
namespace {

// Passes the executor's events on, and has the run's sampler follow each worker that is a thread of this
// process from its worker_started on: those threads are made inside map(), after the sampler has started.
class ThreadWorkerFollower : public EventSink {
public:
    explicit ThreadWorkerFollower(EventSink* next) : m_next(next) {}

    // Before map(): its threads, which call record(), are made after this.
    void follow(CpuSampler* sampler) { m_sampler = sampler; }

    void record(const Event& event) override {
        if (m_sampler)
            if (const auto* w = std::get_if<WorkerStartedEvent>(&event.body))
                m_sampler->addThreadWorker(w->worker, w->pid);
        m_next->record(event);
    }

private:
    EventSink* m_next;
    CpuSampler* m_sampler = nullptr;
};

ErrorEvent cancelledError() {
    return ErrorEvent{"cancelled", "the run was cancelled"};
}

} // namespace

HelloEvent describeMachine() {
    HelloEvent hello;
    hello.cores = static_cast<int>(std::thread::hardware_concurrency());
    utsname u{};
    if (uname(&u) == 0)
        hello.machine = std::string(u.nodename) + " " + u.sysname + " " + u.release + " " + u.machine;
    hello.engineVersion = MPWB_VERSION;
    return hello;
}

std::string makeRunId() {
    static thread_local std::mt19937_64 random{std::random_device{}()};
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(random()));
    return text;
}

RunSession::RunSession(const Exercise& exercise, RunSpec spec, EventSink* events)
    : m_exercise(exercise), m_spec(std::move(spec)), m_events(events) {
    if (m_spec.workers < 1 || m_spec.workers > kMaxWorkers)
        throw BadRequest("--workers must be between 1 and " + std::to_string(kMaxWorkers) + ", got " +
                             std::to_string(m_spec.workers),
                         "workers");
    const auto backends = exercise.backends();
    if (std::find(backends.begin(), backends.end(), m_spec.backend) == backends.end()) {
        std::string allowed;
        for (auto b : backends)
            allowed += (allowed.empty() ? "" : ", ") + backendName(b);
        throw BadRequest("'" + exercise.id() + "' runs with " + allowed + ", not " +
                             backendName(m_spec.backend),
                         "backend");
    }
    if (m_spec.backend == Backend::Sequential) m_spec.workers = 1;
    if (m_spec.stallTimeout.count() < 0)
        throw BadRequest("the stall timeout cannot be negative", "stall-timeout");
    if (m_spec.stallTimeout.count() == 0) m_spec.stallTimeout = exercise.defaultStallTimeout();
    m_values = resolveParameters(exercise, m_spec.params);
    // The exercise's own refusal before the generic one: it can say why in its words (the pipeline, why it
    // cannot spawn its stages).
    exercise.checkSpec(m_spec);
    const auto starts = exercise.startMethods();
    if (m_spec.backend == Backend::Processes &&
        std::find(starts.begin(), starts.end(), m_spec.startMethod) == starts.end())
        throw BadRequest("'" + exercise.id() + "' cannot start its processes with " +
                             startMethodName(m_spec.startMethod) + "; use --start " +
                             startMethodName(starts.front()),
                         "start");
    if (m_spec.backend == Backend::Processes && m_spec.startMethod != StartMethod::Fork)
        m_spec.workerProgram = findWorkerProgram(m_spec.workerProgram);
}

RunSession::~RunSession() = default;

void RunSession::cancel() {
    m_cancelled.store(true);
    if (auto* e = m_executor.load()) e->cancel();
}

RunReport RunSession::run() {
    const auto origin = monotonicNs();
    const Publish publish = [this, origin](EventBody body) {
        if (m_events) m_events->record(Event{monotonicNs() - origin, std::move(body)});
    };
    RunReport report;
    std::unique_ptr<ExerciseRun> work;
    try {
        const CancelCheck cancel(m_cancelled);
        cancel.check(); // cancelled before it began: nothing is prepared
        work = m_exercise.prepare(m_values, cancel);
    } catch (const RunCancelled&) {
        return cancelledBeforeWork(std::move(report), origin, publish);
    } catch (const std::exception&) {
        // A preparation interrupted by the signal that cancelled it (a write that saw EINTR) failed because
        // of the cancel: the cancel is the outcome.
        if (m_cancelled.load()) return cancelledBeforeWork(std::move(report), origin, publish);
        throw;
    }
    work->configure(m_spec);
    if (!work->isCustom()) TaskRegistry::instance().require(work->task());
    report.items = work->workCount();
    // The chunksize counts items of the map, which need not be the units of work (a counter's slices).
    report.chunksize = work->isCustom() ? 0
                       : m_spec.chunksize
                           ? m_spec.chunksize
                           : ChunkPlan::defaultChunksize(work->items()->count(), m_spec.workers);

    publishStart(report, publish);
    work->announce(publish);

    MapOutcome outcome;
    if (m_cancelled.load())
        outcome.status = MapStatus::Cancelled; // no process is started for a run already cancelled
    else
        outcome = work->isCustom() ? runCustom(*work, origin, publish) : runMap(*work, origin, publish);
    work->retire(publish);
    report.wallNs = outcome.wallNs;
    // A cancel wins over whatever it caused (workers it killed, a start-up it cut short) and over a map that
    // ended just before it was noticed: until the outcome is published, the cancel decides it.
    if (m_cancelled.load()) {
        outcome.status = MapStatus::Cancelled;
        outcome.error.reset();
    }
    return finishReport(std::move(report), *work, outcome, origin, publish);
}

void RunSession::publishStart(const RunReport& report, const Publish& publish) const {
    auto hello = describeMachine();
    hello.runId = m_runId;
    publish(hello);
    RunStartedEvent started{m_exercise.id(),
                            backendName(m_spec.backend),
                            m_spec.backend == Backend::Processes ? startMethodName(m_spec.startMethod) : "",
                            m_spec.workers,
                            report.chunksize,
                            report.items,
                            {}};
    started.params = m_values.asText();
    started.runId = m_runId;
    if (m_spec.backend == Backend::Processes) started.stallTimeoutMs = m_spec.stallTimeout.count();
    publish(started);
}

RunReport RunSession::cancelledBeforeWork(RunReport report, std::int64_t origin, const Publish& publish) {
    // The stream still tells a whole story: which run this was (its items unknown: 0), and that it was
    // cancelled before any work began.
    publishStart(report, publish);
    report.status = "cancelled";
    report.error = cancelledError();
    publish(*report.error);
    report.totalNs = monotonicNs() - origin;
    publish(RunFinishedEvent{report.status, 0});
    return report;
}

MapOutcome RunSession::runCustom(ExerciseRun& work, std::int64_t origin, const Publish& publish) {
    std::unique_ptr<CpuSampler> sampler;
    RunContext context(m_spec, publish, m_cancelled, origin,
                       [&](const std::vector<std::pair<int, int>>& pids) {
                           if (m_spec.cpuInterval.count() <= 0 || sampler) return;
                           sampler = std::make_unique<CpuSampler>("/proc", m_spec.cpuInterval);
                           sampler->setWorkers(pids);
                           sampler->start([&](const CpuEvent& e) { publish(e); });
                       });
    MapOutcome outcome;
    try {
        outcome = work.runCustom(context);
    } catch (const BadRequest&) {
        throw;
    } catch (const std::exception& e) {
        outcome.status = MapStatus::Failed;
        outcome.error = ErrorEvent{"internal", e.what()};
    }
    if (sampler) sampler->stop();
    if (m_cancelled.load() && outcome.status == MapStatus::Ok) outcome.status = MapStatus::Cancelled;
    return outcome;
}

MapOutcome RunSession::runMap(ExerciseRun& work, std::int64_t origin, const Publish& publish) {
    ExecutorOptions options;
    options.backend = m_spec.backend;
    options.startMethod = m_spec.startMethod;
    options.workers = m_spec.workers;
    options.switchInterval = m_spec.switchInterval;
    options.workerProgram = m_spec.workerProgram;
    options.stallTimeout = m_spec.stallTimeout;
    // Declared before the follower that points at it, so it outlives every event of the map.
    std::unique_ptr<CpuSampler> sampler;
    ThreadWorkerFollower follower(m_events);
    options.events = m_events ? &follower : nullptr;
    options.originNs = origin;
    // The spacing the runner's ChunkAggregator keeps anyway: chunks it would hide are not even reported.
    options.chunkEventSpacingNs = ChunkAggregator::kDefaultThresholdNs;
    auto executor = makeExecutor(options);

    MapOutcome outcome;
    try {
        m_executor.store(executor.get());
        if (m_cancelled.load()) executor->cancel();
        try {
            executor->start(); // a cancel during start-up returns early, and map() says Cancelled
        } catch (const WorkerStartFailure& e) {
            m_executor.store(nullptr);
            outcome.status = m_cancelled.load() ? MapStatus::Cancelled : MapStatus::Failed; // a cancel wins
            outcome.error = e.error();
            return outcome; // the executor reaped the workers it had started
        }
        // The sampler's thread starts only now: the pool has forked already, while we were single-threaded.
        // Workers that are threads start inside map(), so the follower hands them over as they come.
        if (m_spec.cpuInterval.count() > 0) {
            sampler = std::make_unique<CpuSampler>("/proc", m_spec.cpuInterval);
            std::vector<std::pair<int, int>> pids;
            for (const auto& w : executor->workerProcesses())
                pids.emplace_back(w.worker, w.pid);
            sampler->setWorkers(pids);
            if (m_spec.backend != Backend::Processes) follower.follow(sampler.get());
            sampler->start([&](const CpuEvent& e) { publish(e); });
        }
        // The exercise's own sampler, if it has one, also starts after the fork. It is stopped and joined on
        // every way out of this block, exceptions included.
        struct Watcher {
            std::atomic<bool> done{false};
            std::thread thread;
            ~Watcher() {
                done.store(true);
                if (thread.joinable()) thread.join();
            }
        } watcher;
        if (work.sampleInterval().count() > 0)
            watcher.thread = std::thread([&] {
                while (!watcher.done.load()) {
                    work.sample(publish);
                    std::this_thread::sleep_for(work.sampleInterval());
                }
            });
        outcome = executor->map(MapJob{work.task(), work.items(), m_spec.chunksize}, *work.results());
        if (watcher.thread.joinable()) {
            watcher.done.store(true);
            watcher.thread.join();
            work.sample(publish); // the final state, after the last worker finished
        }
        if (sampler) sampler->stop();
    } catch (const BadRequest&) {
        throw;
    } catch (const std::exception& e) {
        outcome.status = MapStatus::Failed;
        outcome.error = ErrorEvent{"internal", e.what()};
    }
    if (sampler) sampler->stop();
    m_executor.store(nullptr);
    if (m_cancelled.load() && outcome.status == MapStatus::Ok) outcome.status = MapStatus::Cancelled;
    executor->shutdown();
    return outcome;
}

RunReport RunSession::finishReport(RunReport report, ExerciseRun& work, const MapOutcome& outcome,
                                   std::int64_t origin, const Publish& publish) {
    switch (outcome.status) {
    case MapStatus::Ok:
        report.status = "ok";
        report.result = work.finish();
        publish(report.result);
        break;
    case MapStatus::Failed:
        report.status = "error";
        report.error = outcome.error;
        if (report.error) work.explainFailure(*report.error);
        publish(*report.error);
        break;
    case MapStatus::Cancelled:
        report.status = "cancelled";
        report.error = cancelledError();
        publish(*report.error);
        break;
    }
    report.totalNs = monotonicNs() - origin;
    publish(RunFinishedEvent{report.status, report.wallNs});
    return report;
}

} // namespace mpwb

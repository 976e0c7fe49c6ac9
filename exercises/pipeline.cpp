// SPDX-License-Identifier: GPL-3.0-or-later
#include "pipeline.h"

#include <cerrno>
#include <csignal>
#include <optional>
#include <sys/wait.h>
#include <system_error>
#include <thread>
#include <unistd.h>

#include "clock.h"
#include "errors.h"
#include "pipeline_stages.h"
#include "pipeline_stall.h"
#include "python_sources.h"
#include "run_context.h"
#include "segment_event.h"
#include "shared_queue.h"
#include "worker_loop.h"
#include "worker_process.h"

namespace mpwb::exercises {
namespace {

constexpr auto kPollEvery = std::chrono::milliseconds(2); // how often the host looks for ended stages
constexpr std::int64_t kSampleEveryNs = 20'000'000;       // queue and chunk events, ~50 a second
constexpr int kGraceMs = 1000;                            // for stages to leave by themselves when stopped
constexpr std::size_t kMessageBytes = sizeof(std::uint64_t);

// A stage process as the host sees it.
struct Stage {
    std::string label; // "the producer", "worker 2", "the collector"
    int number = 0;    // in events: workers 0..W-1, then the producer W and the collector W+1
    pid_t pid = -1;
    StageProgress* progress = nullptr;
    std::int64_t askedNs = 0; // when the host forked it
    bool announced = false;
    std::optional<ExitStatus> status;

    bool endedBadly() const { return status && (status->signalled || status->code != kStageDone); }
};

// The stage processes, each reaped on every way out of the run: what still runs at the end is killed. Each is
// a ChildProcess, as the pool's workers are; the Stage beside it is what the run reports of it.
class StageSet {
public:
    StageSet() = default;
    StageSet(const StageSet&) = delete;
    StageSet& operator=(const StageSet&) = delete;
    ~StageSet() { reapAll(0); }

    template <typename Body> void start(std::string label, int number, StageProgress& progress, Body body) {
        Stage s;
        s.label = std::move(label);
        s.number = number;
        s.progress = &progress;
        s.askedNs = monotonicNs();
        const int parent = getpid();
        ChildProcess child;
        try {
            child = ChildProcess::fork([&] {
                dieWithParent(parent);
                // Ctrl-C reaches the whole process group: the host decides, as for the pool's workers.
                std::signal(SIGINT, SIG_IGN);
                std::signal(SIGQUIT, SIG_IGN);
                std::signal(SIGTERM, SIG_DFL);
                progress.readyNs.store(monotonicNs());
                try {
                    return body();
                } catch (const QueueBroken&) {
                    return kStageSawBroken;
                } catch (...) {
                    return kStageFailed;
                }
            });
        } catch (const std::system_error& e) {
            throw std::runtime_error("could not fork " + s.label + ": " + e.code().message());
        }
        s.pid = child.pid();
        m_stages.push_back(std::move(s));
        m_children.push_back(std::move(child));
    }

    std::vector<Stage>& stages() { return m_stages; }
    bool allEnded() const {
        return std::all_of(m_stages.begin(), m_stages.end(),
                           [](const Stage& s) { return s.status.has_value(); });
    }

    // Reaps the stages that have ended. Returns the one to blame if any ended badly: one killed by a signal
    // first, then one that failed by itself, before those that only saw a queue broken by another's death.
    std::optional<std::size_t> poll() {
        for (std::size_t i = 0; i < m_stages.size(); ++i)
            if (!m_stages[i].status) m_stages[i].status = m_children[i].poll();
        std::optional<std::size_t> blame;
        const auto rank = [](const Stage& s) {
            return s.status->signalled ? 0 : s.status->code == kStageSawBroken ? 2 : 1;
        };
        for (std::size_t i = 0; i < m_stages.size(); ++i)
            if (m_stages[i].endedBadly() && (!blame || rank(m_stages[i]) < rank(m_stages[*blame]))) blame = i;
        return blame;
    }

    // Waits up to `graceMs` in all for every stage to end (on their pidfds, not in a sleeping loop), then
    // kills the rest with SIGKILL and reaps them.
    void reapAll(int graceMs) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(graceMs);
        for (std::size_t i = 0; i < m_stages.size(); ++i) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            m_stages[i].status =
                m_children[i].reap(static_cast<int>(std::max<std::int64_t>(0, left.count())));
        }
    }

private:
    std::vector<Stage> m_stages;
    std::vector<ChildProcess> m_children; // m_children[i] is m_stages[i]'s process
};

// What the host last saw of one worker, to turn its counters into chunk events.
struct WorkerMark {
    std::uint64_t done = 0;
    std::int64_t busyNs = 0;
    std::int64_t endNs = 0; // on the run's clock
};

std::string capitalised(std::string text) {
    if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    return text;
}

class PipelineRun : public ExerciseRun {
public:
    PipelineRun(PipelineSetup setup, std::uint64_t bound) : m_setup(setup), m_bound(bound) {}
    void configure(const RunSpec& spec) override { m_setup.workers = spec.workers; }
    std::uint64_t workCount() const override { return m_setup.items; }
    MapOutcome runCustom(RunContext& context) override;
    ResultEvent finish() override;

private:
    void announce(RunContext& context, StageSet& stages);
    std::vector<WatchedStage> watchedStages(StageSet& stages) const;
    void publishProgress(RunContext& context, PipelineBoard& board, std::vector<WorkerMark>& marks,
                         const SharedQueue& tasks, const SharedQueue& results);
    ErrorEvent blame(const Stage& stage, const SharedQueue& tasks, const SharedQueue& results);

    PipelineSetup m_setup;
    std::uint64_t m_bound;
    std::uint64_t m_produced = 0, m_collected = 0, m_duplicated = 0, m_missing = 0;
};

MapOutcome PipelineRun::runCustom(RunContext& context) {
    const int workers = m_setup.workers;
    SharedQueue tasks("tasks", m_bound, m_bound * kMessageBytes);
    SharedQueue results("results", m_bound, m_bound * kMessageBytes);
    SharedSegment boardMemory(PipelineBoard::bytesFor(workers + 2));
    const SharedSegment* segments[] = {&tasks.segment(), &results.segment(), &boardMemory};
    for (const auto* s : segments)
        context.publish(segmentEvent(*s, "created"));
    // Only forked children use them, and they inherit the mappings: with the names gone at once, nothing
    // can be left in /dev/shm, even if this process is killed.
    tasks.unlinkNow();
    results.unlinkNow();
    boardMemory.unlinkNow();
    for (const auto* s : segments)
        context.publish(segmentEvent(*s, "removed"));
    auto* board = new (boardMemory.data()) PipelineBoard;
    for (int i = 0; i < workers + 2; ++i)
        new (&board->stage(i)) StageProgress;

    MapOutcome outcome;
    const auto start = monotonicNs();
    StageSet stages;
    int starting = workers; // the stage being forked, to name it if the fork fails
    try {
        stages.start("the producer", workers, board->stage(workers),
                     [&] { return runProducer(m_setup, *board, board->stage(workers), tasks); });
        for (int w = 0; w < workers; ++w) {
            starting = w;
            stages.start("worker " + std::to_string(w), w, board->stage(w),
                         [&, w] { return runWorker(m_setup, *board, board->stage(w), tasks, results); });
        }
        starting = workers + 1;
        stages.start("the collector", workers + 1, board->stage(workers + 1),
                     [&] { return runCollector(m_setup, *board, board->stage(workers + 1), results); });
    } catch (const std::runtime_error& e) {
        // No more processes (the process limit): the stages already running leave, and the run says which
        // stage could not start and why.
        board->stop.store(1);
        tasks.close();
        results.close();
        stages.reapAll(kGraceMs);
        outcome.status = MapStatus::Failed;
        std::string message = capitalised(e.what()) + ". The stages already started were shut down.";
        if (message.find("temporarily unavailable") != std::string::npos)
            message += " This user may have reached its limit of processes (ulimit -u): try fewer workers.";
        outcome.error = ErrorEvent{"worker-start-failed", message, starting};
        return outcome;
    }
    std::vector<std::pair<int, int>> pids;
    for (const auto& s : stages.stages())
        pids.emplace_back(s.number, s.pid);
    context.followWorkers(pids); // after the last fork: it may start a thread

    std::vector<WorkerMark> marks(workers, WorkerMark{0, 0, start - context.originNs()});
    auto watched = watchedStages(stages);
    PipelineStallWatch watch(context.spec().stallTimeout, watched.size(), monotonicNs());
    auto nextSample = start;
    for (;;) {
        if (context.cancelled()) {
            board->stop.store(1);
            tasks.close();
            results.close();
            stages.reapAll(kGraceMs);
            outcome.status = MapStatus::Cancelled;
            break;
        }
        const auto culprit = stages.poll();
        announce(context, stages);
        if (monotonicNs() >= nextSample) {
            publishProgress(context, *board, marks, tasks, results);
            nextSample = monotonicNs() + kSampleEveryNs; // after a stall: one sample, not a burst
        }
        std::optional<ErrorEvent> stall;
        if (!culprit) {
            for (std::size_t i = 0; i < watched.size(); ++i)
                watched[i].ended = stages.stages()[i].status.has_value();
            stall = watch.look(watched, monotonicNs());
        }
        if (culprit || stall) {
            outcome.status = MapStatus::Failed;
            outcome.error = culprit ? blame(stages.stages()[*culprit], tasks, results) : *stall;
            board->stop.store(1);
            // A stalled stage will not leave by itself (it may be stopped): it goes now, the others in grace.
            if (stall) ::kill(stall->pid, SIGKILL);
            tasks.breakWith(outcome.error->message); // every stage still waiting on a queue hears of it
            results.breakWith(outcome.error->message);
            stages.reapAll(kGraceMs);
            break;
        }
        if (stages.allEnded()) break;
        std::this_thread::sleep_for(kPollEvery);
    }
    announce(context, stages);
    publishProgress(context, *board, marks, tasks, results); // the totals, complete before the outcome
    outcome.wallNs = monotonicNs() - start;
    m_produced = board->produced.load();
    m_collected = board->collected.load();
    m_duplicated = board->duplicated.load();
    m_missing = board->missing.load();
    if (outcome.status == MapStatus::Ok && !board->collectorFinished.load()) {
        outcome.status = MapStatus::Failed;
        outcome.error = ErrorEvent{"internal", "the collector ended without counting the items"};
    }
    return outcome;
}

// The stages as the stall watch sees them, in the order of stages.stages(); only `ended` changes later.
std::vector<WatchedStage> PipelineRun::watchedStages(StageSet& stages) const {
    std::vector<WatchedStage> watched;
    for (const auto& s : stages.stages()) {
        WatchedStage w{s.label, s.number, s.pid, s.progress, "tasks", "results", false};
        if (s.number == m_setup.workers) w = {s.label, s.number, s.pid, s.progress, "", "tasks", false};
        if (s.number == m_setup.workers + 1) w = {s.label, s.number, s.pid, s.progress, "results", "", false};
        watched.push_back(std::move(w));
    }
    return watched;
}

void PipelineRun::announce(RunContext& context, StageSet& stages) {
    for (auto& s : stages.stages()) {
        const auto ready = s.progress->readyNs.load();
        if (s.announced || ready == 0) continue;
        s.announced = true;
        context.publish(WorkerStartedEvent{s.number, s.pid, "fork", ready - s.askedNs});
    }
}

// Each worker's items since the last sample become one chunk: it ends when the last of them ended and
// starts as long before as the worker was busy with them, so gaps on the timeline are waits on a queue.
void PipelineRun::publishProgress(RunContext& context, PipelineBoard& board, std::vector<WorkerMark>& marks,
                                  const SharedQueue& tasks, const SharedQueue& results) {
    context.publish(tasks.sample());
    context.publish(results.sample());
    const auto origin = context.originNs();
    for (int w = 0; w < static_cast<int>(marks.size()); ++w) {
        auto& p = board.stage(w);
        auto& mark = marks[w];
        const auto done = p.done.load(std::memory_order_acquire);
        if (done == mark.done) continue;
        const auto busy = p.busyNs.load(std::memory_order_relaxed);
        const auto end = std::max(mark.endNs, p.lastEndNs.load(std::memory_order_relaxed) - origin);
        const auto lowest = p.lowestItem.exchange(std::numeric_limits<std::uint64_t>::max());
        ChunkEvent c;
        c.worker = w;
        c.core = p.core.load(std::memory_order_relaxed);
        c.firstItem = lowest == std::numeric_limits<std::uint64_t>::max() ? 0 : lowest;
        c.items = done - mark.done;
        c.endNs = end;
        c.startNs = c.dispatchNs = std::clamp(end - (busy - mark.busyNs), mark.endNs, end);
        c.workNs = busy - mark.busyNs; // the stage's own busy time: its waits for the queues are not in it
        c.bytesIn = c.bytesOut = c.items * kMessageBytes;
        // Items travel one by one, so each is a chunk of one; this event stands for all of them.
        c.merged = static_cast<std::uint32_t>(std::min<std::uint64_t>(c.items, UINT32_MAX));
        mark = WorkerMark{done, busy, end};
        context.publish(c);
    }
}

ErrorEvent PipelineRun::blame(const Stage& stage, const SharedQueue& tasks, const SharedQueue& results) {
    // Only a lock holder's death breaks a queue before the host does.
    std::string heldLock;
    if (tasks.broken()) heldLock = " while holding the lock of the 'tasks' queue";
    if (results.broken()) heldLock = " while holding the lock of the 'results' queue";
    ErrorEvent e;
    e.kind = "worker-died";
    e.message = capitalised(stage.label) + " (pid " + std::to_string(stage.pid) + ") " +
                stage.status->describe() + heldLock +
                "; the pipeline was stopped and the other stages shut down.";
    e.worker = stage.number;
    e.pid = stage.pid;
    e.signal = stage.status->signalled ? stage.status->signal : 0;
    e.exitCode = stage.status->signalled ? 0 : stage.status->code;
    return e;
}

ResultEvent PipelineRun::finish() {
    ResultEvent r;
    r.value = std::to_string(m_collected) + " items through " + std::to_string(m_setup.workers) + " worker" +
              (m_setup.workers == 1 ? "" : "s");
    r.checks["produced"] = std::to_string(m_produced);
    r.checks["collected"] = std::to_string(m_collected);
    r.checks["duplicated"] = std::to_string(m_duplicated);
    r.checks["missing"] = std::to_string(m_missing);
    r.correct =
        m_produced == m_setup.items && m_collected == m_produced && m_duplicated == 0 && m_missing == 0;
    return r;
}

} // namespace

std::string Pipeline::summary() const {
    return "One producer process makes numbered items; worker processes take them from a bounded 'tasks' "
           "queue, work on each and put it on a 'results' queue; one collector process takes them all and "
           "checks that each arrived exactly once. The producer ends with one sentinel per worker. Make a "
           "stage "
           "slow or the bound small, and watch the queues fill up or run dry: back-pressure.";
}

std::vector<ParameterSpec> Pipeline::parameters() const {
    return {
        ParameterSpec::integer("items", "Items", "how many items the producer makes", 1, 10'000'000, 20'000),
        ParameterSpec::integer("bound", "Queue bound",
                               "how many items each queue holds; a put into a full queue waits", 1, 100'000,
                               16),
        ParameterSpec::integer("produce-us", "Producer work (\u00b5s)",
                               "CPU time the producer spends making each item", 0, 100'000, 0),
        ParameterSpec::integer("work-us", "Worker work (\u00b5s)", "CPU time a worker spends on each item", 0,
                               100'000, 200),
        ParameterSpec::integer("collect-us", "Collector work (\u00b5s)",
                               "CPU time the collector spends on each result", 0, 100'000, 0),
    };
}

void Pipeline::checkSpec(const RunSpec& spec) const {
    if (spec.backend == Backend::Processes && spec.startMethod != StartMethod::Fork)
        throw BadRequest("--start " + startMethodName(spec.startMethod) +
                             " is not available for 'pipeline': its stages are forked from the host and "
                             "inherit its queues, which a fresh program (spawn) or a fork server's child "
                             "(forkserver) could not; 'pipeline' supports only --start fork",
                         "start");
}

std::string Pipeline::pythonSource() const {
    return python::pipeline;
}

std::unique_ptr<ExerciseRun> Pipeline::prepare(const ParameterValues& values, const CancelCheck&) const {
    PipelineSetup setup;
    setup.items = static_cast<std::uint64_t>(values.integer("items"));
    setup.produceNs = values.integer("produce-us") * 1000;
    setup.workNs = values.integer("work-us") * 1000;
    setup.collectNs = values.integer("collect-us") * 1000;
    return std::make_unique<PipelineRun>(setup, static_cast<std::uint64_t>(values.integer("bound")));
}

} // namespace mpwb::exercises

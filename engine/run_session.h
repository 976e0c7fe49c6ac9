// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One run of an exercise from start to finish, as the runner and the GUI's engine host see it: hello,
// run_started, workers, chunks and CPU samples, then a result or an error, then run_finished.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <string>

#include "events.h"
#include "executor.h"
#include "exercise.h"
#include "run_spec.h"

namespace mpwb {

struct RunReport {
    std::string status; // ok | error | cancelled
    ResultEvent result;
    std::optional<ErrorEvent> error;
    std::int64_t wallNs = 0;  // the map alone: workers already started, as a pool user would time it
    std::int64_t totalNs = 0; // including start-up and shutdown
    std::uint64_t items = 0;
    std::uint64_t chunksize = 0; // as used, after the default rule
};

// Hello for this machine, with the current format version and no run id yet.
HelloEvent describeMachine();

// 16 random hex digits naming one run, so the runs of a stream (or of several files) can be told apart.
std::string makeRunId();

class RunSession {
public:
    // Validates everything (throws BadRequest) before anything starts.
    RunSession(const Exercise& exercise, RunSpec spec, EventSink* events);
    ~RunSession();

    RunReport run();
    // Safe from any thread or a signal handler.
    void cancel();
    // Made once per session: the hello and run_started of its stream carry it.
    const std::string& runId() const { return m_runId; }

private:
    using Publish = std::function<void(EventBody)>;
    MapOutcome runMap(ExerciseRun& work, std::int64_t origin, const Publish& publish);
    MapOutcome runCustom(ExerciseRun& work, std::int64_t origin, const Publish& publish);
    void publishStart(const RunReport& report, const Publish& publish) const;
    RunReport cancelledBeforeWork(RunReport report, std::int64_t origin, const Publish& publish);
    RunReport finishReport(RunReport report, ExerciseRun& work, const MapOutcome& outcome,
                           std::int64_t origin, const Publish& publish);

    const Exercise& m_exercise;
    RunSpec m_spec;
    EventSink* m_events;
    ParameterValues m_values;
    std::string m_runId = makeRunId();
    std::atomic<Executor*> m_executor{nullptr};
    std::atomic<bool> m_cancelled{false};
};

} // namespace mpwb

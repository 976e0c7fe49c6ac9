// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The same exercise with the same parameters on several backends, one run after another (never at once, so
// they do not compete for the cores), each timed and its CPU use measured, then a verdict in plain words.
// Each run writes its own stream (hello, run_started ... run_finished) to the sink, one after the other.

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "run_session.h"

namespace mpwb {

struct CompareSpec {
    RunSpec base;                  // exercise, workers, chunksize, start method, parameters, CPU interval
    std::vector<Backend> backends; // in the order to run; empty: those of the four the exercise supports
};

struct CompareRun {
    Backend backend = Backend::Sequential;
    RunReport report;
    int workers = 1;         // as run: a sequential run has one
    std::string startMethod; // "" where it does not apply
    // On one clock, the monotonic one, in ns since the compare began: runs never overlap, and a reader can
    // check it.
    std::int64_t startedNs = 0;
    std::int64_t finishedNs = 0;
    double speedup = 0;                   // work per second against the compare's sequential run; NaN without
    std::vector<double> workerCpuSeconds; // per worker, at its last CPU sample
    double coresBusy = 0;                 // cores the run kept busy on average; NaN when not sampled
    double otherCores =
        0; // cores' worth other programs used meanwhile (see core_load.h); NaN when not sampled
};

struct CompareReport {
    std::string status; // ok | error | cancelled
    std::optional<ErrorEvent> error;
    std::string stoppedIn; // the backend whose run failed or was cancelled, if one was
    std::string exercise;
    std::map<std::string, std::string> params; // every parameter, defaults filled in
    int cores = 0;
    std::vector<Backend> backends; // as asked for, in order
    std::vector<CompareRun> runs;  // the runs that finished, in order
    std::string verdict;
};

class CompareSession {
public:
    // Validates every backend against the exercise, and the parameters, before anything starts; throws
    // BadRequest naming what is wrong. events may be null.
    CompareSession(const Exercise& exercise, CompareSpec spec, EventSink* events);

    CompareReport run();
    // Safe from any thread or a signal handler: stops the current run and starts no other.
    void cancel();

    const std::vector<Backend>& backends() const { return m_spec.backends; }

private:
    const Exercise& m_exercise;
    CompareSpec m_spec;
    EventSink* m_events;
    std::atomic<RunSession*> m_current{nullptr};
    std::atomic<bool> m_cancelled{false};
};

} // namespace mpwb

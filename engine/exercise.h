// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What an exercise plugs into the engine: its identity, its parameters (with ranges or choices, so runners
// and the GUI can validate before anything starts), the backends it runs on, the work it does, and the check
// of its own answer. Adding an exercise touches exercises/ and lessons/ only.
//
// Most exercises are a map: the engine's executor runs task() over items() with the chosen backend. An
// exercise whose shape is not a map (a pipeline of queues, processes sharing a counter) runs itself through
// ExerciseRun::runCustom, with the same RunContext for events, cancellation and CPU sampling.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "events.h"
#include "executor.h"
#include "map_job.h"
#include "run_spec.h"

namespace mpwb {

class RunContext;

struct ParameterSpec {
    enum class Kind { Integer, Choice, Folder };

    std::string name;  // as on the command line, without "--"
    std::string label; // for people
    std::string help;
    std::int64_t minimum = 0; // Integer
    std::int64_t maximum = 0;
    std::int64_t defaultValue = 0;
    Kind kind = Kind::Integer;
    std::vector<std::string> choices; // Choice: the allowed words
    std::string defaultText;          // Choice: one of choices; Folder: "" means "none given"
    bool mustExist = false;           // Folder: must name an existing folder (an input)

    static ParameterSpec integer(std::string name, std::string label, std::string help, std::int64_t minimum,
                                 std::int64_t maximum, std::int64_t defaultValue);
    static ParameterSpec choice(std::string name, std::string label, std::string help,
                                std::vector<std::string> choices, std::string defaultChoice);
    static ParameterSpec folder(std::string name, std::string label, std::string help, bool mustExist);
};

const char* parameterKindName(ParameterSpec::Kind kind); // "integer", "choice", "folder"

// Validated values, by parameter name: integers and texts (choices and folders).
struct ParameterValues {
    std::map<std::string, std::int64_t> integers;
    std::map<std::string, std::string> texts;

    std::int64_t integer(const std::string& name) const { return integers.at(name); }
    const std::string& text(const std::string& name) const { return texts.at(name); }
    // Every value as text, for run_started.
    std::map<std::string, std::string> asText() const;
};

// The run was cancelled before its work began (while an exercise prepared its input). RunSession reports it
// as a cancelled run, not as a failure.
class RunCancelled : public std::runtime_error {
public:
    RunCancelled() : std::runtime_error("the run was cancelled") {}
};

// The session's cancel flag as a preparation sees it: a preparation that takes more than a moment
// (generating sample pictures) asks between its steps, so a cancel ends it within a fraction of a second.
class CancelCheck {
public:
    CancelCheck() = default; // never cancelled: for callers outside a session
    explicit CancelCheck(const std::atomic<bool>& flag) : m_flag(&flag) {}
    bool cancelled() const { return m_flag && m_flag->load(std::memory_order_relaxed); }
    // Throws RunCancelled once the run was cancelled.
    void check() const {
        if (cancelled()) throw RunCancelled();
    }

private:
    const std::atomic<bool>* m_flag = nullptr;
};

// The work of one run, built from validated parameters.
class ExerciseRun {
public:
    virtual ~ExerciseRun() = default;

    // Called once, before items() or runCustom(), with the validated spec: a run whose work depends on the
    // worker count (each worker adds M to a counter) plans it here.
    virtual void configure(const RunSpec& spec) { (void)spec; }

    // A map-shaped run gives the task and its two ends.
    virtual std::string task() const { return {}; }
    virtual const ItemSource* items() const { return nullptr; }
    virtual ResultSink* results() { return nullptr; }

    // Any other run does its own work here and returns how it went (wall time, or the error that stopped
    // it). It must stop within a second of context.cancelled() turning true, and leave no process, thread
    // or shared-memory segment behind on any path.
    virtual MapOutcome runCustom(RunContext& context);
    bool isCustom() const { return items() == nullptr; }

    // How many units of work the run has (items of the map, increments, produced items), for progress.
    virtual std::uint64_t workCount() const { return items() ? items()->count() : 0; }

    // A map-shaped run that watches shared state (a counter) may publish samples of it while the map runs:
    // the session calls sample() every sampleInterval() from a thread of its own, and once more at the end.
    virtual std::chrono::milliseconds sampleInterval() const { return std::chrono::milliseconds(0); }
    virtual void sample(const std::function<void(EventBody)>& publish) { (void)publish; }

    // Right after run_started: events about what prepare() and configure() set up before the stream began
    // (a shared-memory segment made, its name already removed).
    virtual void announce(const std::function<void(EventBody)>& publish) { (void)publish; }
    // After the work ended, on every outcome and before it is reported: give up what other processes needed
    // by name while they worked, and say so.
    virtual void retire(const std::function<void(EventBody)>& publish) { (void)publish; }

    // When the run failed: add what the exercise knows to the error (e.g. "it died holding the lock").
    virtual void explainFailure(ErrorEvent& error) { (void)error; }

    // After a successful run: the answer and the exercise's own checks.
    virtual ResultEvent finish() = 0;
};

class Exercise {
public:
    virtual ~Exercise() = default;
    virtual std::string id() const = 0;
    virtual std::string title() const = 0;
    virtual std::string summary() const = 0;
    virtual std::vector<ParameterSpec> parameters() const = 0;
    // The backends this exercise can run on; the runner refuses the others by name.
    virtual std::vector<Backend> backends() const;
    // The start methods it supports for the processes backend (a run that forks its own stages may not be
    // able to spawn them).
    virtual std::vector<StartMethod> startMethods() const {
        return {StartMethod::Fork, StartMethod::Spawn, StartMethod::Forkserver};
    }
    // Whether --chunksize means anything here (it does for maps).
    virtual bool usesChunksize() const { return true; }
    // Workers when none are asked for; 0 means one per core.
    virtual int defaultWorkers() const { return 0; }
    // How long a worker may hold work without completing an item before the run is called stalled: far
    // longer than one item of this exercise takes on a slow, busy machine.
    virtual std::chrono::milliseconds defaultStallTimeout() const { return std::chrono::seconds(10); }
    // Refuses (with BadRequest) a spec this exercise cannot run, before anything starts: e.g. a start method
    // it does not support. Backends are checked against backends() already.
    virtual void checkSpec(const RunSpec& spec) const { (void)spec; }
    // The plain Python program the lesson shows for the same work.
    virtual std::string pythonSource() const = 0;
    // When that program is a pool map that takes its worker count and chunksize on the command line: its
    // file name among the examples ("sum_squares.py"); "" for a program that is not such a map.
    virtual std::string pythonMapFile() const { return {}; }
    // Its arguments for the same work as `values`, with that many workers (0: no pool, the items mapped in
    // its own process: the sequential baseline) and that chunksize (0: the exercise's default rule). A
    // CPython sweep runs the program with these.
    virtual std::vector<std::string> pythonMapArguments(const ParameterValues& values, int workers,
                                                        std::uint64_t chunksize) const {
        (void)values, (void)workers, (void)chunksize;
        return {};
    }
    // Builds the run's work. A preparation that takes long (files to generate) calls cancel.check() between
    // steps and leaves nothing half-made when it throws RunCancelled.
    virtual std::unique_ptr<ExerciseRun> prepare(const ParameterValues& values,
                                                 const CancelCheck& cancel) const = 0;
};

// Fills in defaults and checks every value against its range or choices; throws BadRequest naming the
// parameter, the value and what is allowed. Unknown names are rejected too.
ParameterValues resolveParameters(const Exercise& exercise, const std::map<std::string, std::string>& given);

// Parses a whole decimal integer (no trailing junk); throws BadRequest naming `what`.
std::int64_t parseInteger(const std::string& what, const std::string& text);

} // namespace mpwb
